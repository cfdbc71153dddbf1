package dev.auditlog.core.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RFC 9162 Merkle tree heads, inclusion proofs and consistency proofs over a store of complete
 * nodes, and their verification.
 *
 * <p>Why: the RFC defines PATH and SUBPROOF recursively over leaf ranges. Each recursion step
 * either descends into one half or emits the hash of the other half, and only the range touching
 * the right edge of the tree can be partial. So both proofs are computed here as a loop that walks
 * down the split points and records the emitted ranges ({@link Span}s, top-down, then reversed into
 * the RFC's bottom-up order). A span is hashed by folding the complete nodes that tile it; at most
 * one span per proof is partial, which keeps every operation at O(log n) node reads. The same spans
 * yield the {@link NodeId}s a store can prefetch.
 */
public final class Proofs {

    private Proofs() {}

    /** The tree head {@code MTH(D[0:treeSize])}; reads only the {@code bitCount(treeSize)} peaks. */
    public static byte[] root(long treeSize, NodeReader nodes) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("negative tree size " + treeSize);
        }
        return treeSize == 0 ? Rfc6962.emptyRoot() : Subtrees.rangeHash(0, treeSize, nodes);
    }

    /** The audit path {@code PATH(leafIndex, D[0:treeSize])}, bottom-up (RFC 9162 §2.1.3.1). */
    public static List<byte[]> inclusion(long leafIndex, long treeSize, NodeReader nodes) {
        return hashes(inclusionSpans(leafIndex, treeSize), nodes);
    }

    /**
     * The consistency proof {@code PROOF(fromSize, D[0:toSize])} (RFC 9162 §2.1.4.1); empty when
     * {@code fromSize == toSize} or {@code fromSize == 0}.
     */
    public static List<byte[]> consistency(long fromSize, long toSize, NodeReader nodes) {
        return hashes(consistencySpans(fromSize, toSize), nodes);
    }

    /** The (level, index) of every complete node that {@link #inclusion} will read; lets a store prefetch in bulk. */
    public static List<NodeId> inclusionNodes(long leafIndex, long treeSize) {
        return nodeIds(inclusionSpans(leafIndex, treeSize));
    }

    /** The (level, index) of every complete node that {@link #consistency} will read. */
    public static List<NodeId> consistencyNodes(long fromSize, long toSize) {
        return nodeIds(consistencySpans(fromSize, toSize));
    }

    /** Whether {@code proof} shows {@code leafHash} at {@code leafIndex} in the tree of {@code treeSize} with {@code root} (RFC 9162 §2.1.3.2). */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize || !Rfc6962.isHash(leafHash) || !Rfc6962.isHash(root)) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0 || !Rfc6962.isHash(p)) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Rfc6962.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = Rfc6962.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} shows the tree of {@code toSize} with {@code toRoot} extends the tree of
     * {@code fromSize} with {@code fromRoot} (RFC 9162 §2.1.4.2). Equal sizes need equal roots and an
     * empty proof; {@code fromSize == 0} needs only an empty proof, as the empty tree is a prefix of
     * every tree.
     */
    public static boolean verifyConsistency(long fromSize, long toSize, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (fromSize < 0 || fromSize > toSize) {
            return false;
        }
        if (fromSize == toSize) {
            return proof.isEmpty() && Rfc6962.isHash(fromRoot) && MessageDigest.isEqual(fromRoot, toRoot);
        }
        if (fromSize == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty() || !Rfc6962.isHash(fromRoot) || !Rfc6962.isHash(toRoot)) {
            return false;
        }
        List<byte[]> path = proof;
        if (Long.bitCount(fromSize) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(fromRoot);
            path.addAll(proof);
        }
        if (!path.stream().allMatch(Rfc6962::isHash)) {
            return false;
        }
        long fn = fromSize - 1;
        long sn = toSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = fr;
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Rfc6962.nodeHash(c, fr);
                sr = Rfc6962.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = Rfc6962.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, fromRoot) && MessageDigest.isEqual(sr, toRoot);
    }

    /** A leaf range {@code [start, end)} whose RFC 6962 hash is one proof element. */
    private record Span(long start, long end) {}

    private static List<Span> inclusionSpans(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is outside a tree of size " + treeSize);
        }
        List<Span> topDown = new ArrayList<>();
        long lo = 0;
        long hi = treeSize;
        while (hi - lo > 1) {
            long mid = lo + splitPoint(hi - lo);
            if (leafIndex < mid) {
                topDown.add(new Span(mid, hi));
                hi = mid;
            } else {
                topDown.add(new Span(lo, mid));
                lo = mid;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    private static List<Span> consistencySpans(long fromSize, long toSize) {
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("no consistency proof from size " + fromSize + " to size " + toSize);
        }
        List<Span> topDown = new ArrayList<>();
        if (fromSize == 0) {
            return topDown;
        }
        long lo = 0;
        long hi = toSize;
        boolean fromIsSubtree = true;
        while (hi != fromSize) {
            long mid = lo + splitPoint(hi - lo);
            if (fromSize <= mid) {
                topDown.add(new Span(mid, hi));
                hi = mid;
            } else {
                topDown.add(new Span(lo, mid));
                lo = mid;
                fromIsSubtree = false;
            }
        }
        if (!fromIsSubtree) {
            topDown.add(new Span(lo, hi));
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /** The largest power of two strictly below {@code size}, for {@code size > 1}. */
    private static long splitPoint(long size) {
        return Long.highestOneBit(size - 1);
    }

    private static List<byte[]> hashes(List<Span> spans, NodeReader nodes) {
        List<byte[]> proof = new ArrayList<>(spans.size());
        for (Span span : spans) {
            proof.add(Subtrees.rangeHash(span.start(), span.end(), nodes));
        }
        return proof;
    }

    private static List<NodeId> nodeIds(List<Span> spans) {
        List<NodeId> ids = new ArrayList<>();
        for (Span span : spans) {
            ids.addAll(Subtrees.cover(span.start(), span.end()));
        }
        return ids;
    }
}
