package dev.auditlog.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Shared fixtures: hex helpers, random leaves, a guarded node reader and an RFC-literal reference hash. */
final class TestTrees {

    private TestTrees() {}

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(TestTrees::hex).toList();
    }

    static byte[] randomHash(Random random) {
        byte[] hash = new byte[Rfc6962.HASH_SIZE];
        random.nextBytes(hash);
        return hash;
    }

    static InMemoryTree randomTree(Random random, int size) {
        InMemoryTree tree = new InMemoryTree();
        for (int i = 0; i < size; i++) {
            tree.append(Rfc6962.leafHash(randomHash(random)));
        }
        return tree;
    }

    static InMemoryTree treeOf(List<byte[]> leafHashes) {
        InMemoryTree tree = new InMemoryTree();
        leafHashes.forEach(tree::append);
        return tree;
    }

    static byte[] flipBit(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }

    static byte[] flipRandomBit(byte[] bytes, Random random) {
        return flipBit(bytes, random.nextInt(bytes.length * 8));
    }

    /** MTH(D[from:to]) straight from the RFC 6962 §2.1 recursion, independent of the code under test. */
    static byte[] referenceRoot(List<byte[]> leafHashes, int from, int to) {
        if (to - from == 1) {
            return leafHashes.get(from);
        }
        int k = Integer.highestOneBit(to - from - 1);
        return Rfc6962.nodeHash(referenceRoot(leafHashes, from, from + k), referenceRoot(leafHashes, from + k, to));
    }

    static List<byte[]> leafHashes(InMemoryTree tree, int size) {
        List<byte[]> leaves = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            leaves.add(tree.node(0, i));
        }
        return leaves;
    }

    /** Reads nodes of a tree restricted to its first {@code size} leaves, failing on any node reaching past them. */
    static final class GuardedReader implements NodeReader {
        private final NodeReader tree;
        private final long size;
        final List<NodeId> reads = new ArrayList<>();

        GuardedReader(NodeReader tree, long size) {
            this.tree = tree;
            this.size = size;
        }

        @Override
        public byte[] node(int level, long index) {
            assertThat((index + 1) << level).as("node (%d, %d) must fit a tree of size %d", level, index, size)
                    .isLessThanOrEqualTo(size);
            reads.add(new NodeId(level, index));
            return tree.node(level, index);
        }
    }
}
