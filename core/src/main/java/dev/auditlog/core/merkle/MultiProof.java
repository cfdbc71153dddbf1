package dev.auditlog.core.merkle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * A multi-leaf proof for a subset of leaves (used by JSON exports of filtered views): the verifier
 * hashes the known leaves itself and receives the complete subtrees covering every other leaf.
 *
 * <p>Why: known leaves and covering nodes together tile {@code [0, n)} with complete aligned
 * subtrees. Scanning them in leaf order checks the tiling, and pushing each onto a stack that
 * merges equal-level neighbours (binary addition, as in {@link CompactRange}) keeps the stack equal
 * to the peaks of the prefix scanned so far; the root is the fold of the final peaks. That is one
 * hash per internal node above the known leaves, O(k log n) for k known leaves, with no recursion.
 */
public final class MultiProof {

    private MultiProof() {}

    /** A covering node: the complete subtree at (level, index) and its hash. */
    public record Node(int level, long index, byte[] hash) {}

    /** The outcome of {@link #root}: the recomputed root or the first problem, by leaf index. */
    public sealed interface Result {
        /** The tiling is exact; {@code root} is the recomputed tree head. */
        record Ok(byte[] root) implements Result {}

        /** Leaf {@code leafIndex} of the tree is neither known nor covered. */
        record Missing(long leafIndex) implements Result {}

        /** Leaf {@code leafIndex} is supplied twice (known and covered, or covered twice) or lies outside the tree. */
        record Unexpected(long leafIndex) implements Result {}
    }

    /**
     * The maximal complete aligned subtrees covering every leaf of {@code [0, treeSize)} that is not
     * known, left to right. {@code knownLeavesAscending} must be strictly ascending and inside the tree.
     */
    public static List<Node> coveringNodes(long treeSize, long[] knownLeavesAscending, NodeReader nodes) {
        List<Node> covering = new ArrayList<>();
        coveringNodes(treeSize, LeafRuns.ofAscending(knownLeavesAscending), nodes, covering::add);
        return covering;
    }

    /**
     * As {@link #coveringNodes(long, long[], NodeReader)}, for leaves held as runs, handing each node to
     * {@code sink} as it is read: an export writes them without holding them all.
     */
    public static void coveringNodes(long treeSize, LeafRuns known, NodeReader nodes, Consumer<Node> sink) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("negative tree size " + treeSize);
        }
        long gapStart = 0;
        for (int r = 0; r < known.runs(); r++) {
            if (known.highest(r) >= treeSize) {
                throw new IllegalArgumentException("known leaf " + known.highest(r) + " is outside a tree of size " + treeSize);
            }
            addCover(gapStart, known.lowest(r), nodes, sink);
            gapStart = known.highest(r) + 1;
        }
        addCover(gapStart, treeSize, nodes, sink);
    }

    /**
     * Recomputes the root from the known leaf hashes and the covering nodes (in any order). Returns
     * {@link Result.Ok} or names the problem at the lowest leaf index: a leaf neither known nor
     * covered ({@link Result.Missing}); a known leaf also covered, a leaf covered twice, or a known
     * leaf or covering node reaching outside {@code [0, treeSize)} ({@link Result.Unexpected}, naming
     * the first such leaf). Malformed input (a hash that is not 32 bytes, a node with a negative
     * index or a level above 62) is rejected with {@link IllegalArgumentException}.
     */
    public static Result root(long treeSize, SortedMap<Long, byte[]> knownLeafHashes, List<Node> covering) {
        return root(treeSize, knownLeafHashes.entrySet().stream().map(e -> new Node(0, e.getKey(), e.getValue())).iterator(),
                covering);
    }

    /**
     * As {@link #root(long, SortedMap, List)}, with the known leaves given as nodes in ascending order: level-0
     * ones, or complete subtrees of known leaves already folded (which gives the same root and names the same
     * leaf in a problem, as aligned subtrees either nest or are disjoint). For callers that hold many leaves more
     * compactly than a map.
     */
    public static Result root(long treeSize, Iterator<Node> knownLeavesAscending, List<Node> covering) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("negative tree size " + treeSize);
        }
        Iterator<Node> pieces = inLeafOrder(knownLeavesAscending, covering);
        Peaks peaks = new Peaks();
        long next = 0;
        while (pieces.hasNext()) {
            Node piece = pieces.next();
            long first = piece.index() << piece.level();
            if (first < next) {
                return new Result.Unexpected(first);
            }
            if (first > next && next < treeSize) {
                return new Result.Missing(next);
            }
            if (first >= treeSize || (treeSize - first) >>> piece.level() == 0) {
                return new Result.Unexpected(Math.max(first, treeSize));
            }
            peaks.push(piece.level(), piece.hash());
            next = first + (1L << piece.level());
        }
        if (next < treeSize) {
            return new Result.Missing(next);
        }
        return new Result.Ok(peaks.root());
    }

    private static void addCover(long start, long end, NodeReader nodes, Consumer<Node> sink) {
        for (NodeId id : Subtrees.cover(start, end)) {
            sink.accept(new Node(id.level(), id.index(), nodes.node(id.level(), id.index())));
        }
    }

    /**
     * Known leaves (as level-0 nodes) merged with the covering nodes, ordered by first leaf; at an
     * equal first leaf a covering node comes first, so a known leaf it also covers is the one reported.
     */
    private static Iterator<Node> inLeafOrder(Iterator<Node> known, List<Node> covering) {
        List<Node> sortedCovering = new ArrayList<>(covering.size());
        for (Node node : covering) {
            if (node.level() < 0 || node.level() > Subtrees.MAX_LEVEL || node.index() < 0
                    || node.index() > Long.MAX_VALUE >>> node.level() || !Rfc6962.isHash(node.hash())) {
                throw new IllegalArgumentException("malformed covering node (" + node.level() + ", " + node.index() + ")");
            }
            sortedCovering.add(node);
        }
        sortedCovering.sort(Comparator.comparingLong((Node node) -> node.index() << node.level()));
        Iterator<Node> nodes = sortedCovering.iterator();
        return new Iterator<>() {
            private Node nextKnown = advanceKnown();
            private Node nextCovering = nodes.hasNext() ? nodes.next() : null;

            @Override
            public boolean hasNext() {
                return nextKnown != null || nextCovering != null;
            }

            @Override
            public Node next() {
                Node result;
                if (nextKnown == null || (nextCovering != null && nextCovering.index() << nextCovering.level() <= nextKnown.index() << nextKnown.level())) {
                    result = nextCovering;
                    nextCovering = nodes.hasNext() ? nodes.next() : null;
                } else {
                    result = nextKnown;
                    nextKnown = advanceKnown();
                }
                return result;
            }

            private Node advanceKnown() {
                if (!known.hasNext()) {
                    return null;
                }
                Node leaf = known.next();
                if (!Rfc6962.isHash(leaf.hash())) {
                    throw new IllegalArgumentException("known leaf " + leaf.index() + " has a malformed hash");
                }
                return leaf;
            }
        };
    }

    /** The peaks of the prefix scanned so far, merged as complete subtrees are pushed in leaf order. */
    private static final class Peaks {
        private final List<byte[]> hashes = new ArrayList<>();
        private final List<Integer> levels = new ArrayList<>();

        void push(int level, byte[] hash) {
            byte[] merged = hash;
            int mergedLevel = level;
            while (!levels.isEmpty() && levels.getLast() == mergedLevel) {
                levels.removeLast();
                merged = Rfc6962.nodeHash(hashes.removeLast(), merged);
                mergedLevel++;
            }
            hashes.add(merged);
            levels.add(mergedLevel);
        }

        byte[] root() {
            return hashes.isEmpty() ? Rfc6962.emptyRoot() : Subtrees.foldRight(hashes);
        }
    }
}
