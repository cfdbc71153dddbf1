package dev.auditlog.core.merkle;

import static dev.auditlog.core.merkle.TestTrees.flipRandomBit;
import static dev.auditlog.core.merkle.TestTrees.hex;
import static dev.auditlog.core.merkle.TestTrees.randomHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seeded random checks that generation and verification agree, read few nodes, and reject tampering. */
class ProofsPropertyTest {

    private static final int MAX_SIZE = 10_000;
    private static final int SMALL_SIZES = 130;

    private static InMemoryTree tree;
    private static byte[][] roots;

    private final Random random = new Random(6962);

    @BeforeAll
    static void buildTree() {
        tree = TestTrees.randomTree(new Random(9162), MAX_SIZE);
        CompactRange range = new CompactRange();
        roots = new byte[MAX_SIZE + 1][];
        roots[0] = range.root();
        for (int n = 1; n <= MAX_SIZE; n++) {
            range.append(tree.node(0, n - 1), (level, index, hash) -> {});
            roots[n] = range.root();
        }
    }

    @Test
    void proofsRootAgreesWithCompactRangeInMemoryTreeAndTheRfcRecursion() {
        List<byte[]> leaves = TestTrees.leafHashes(tree, SMALL_SIZES);
        InMemoryTree prefix = new InMemoryTree();
        for (int n = 1; n <= SMALL_SIZES; n++) {
            prefix.append(leaves.get(n - 1));
            assertRootsAgree(n, prefix.root(), TestTrees.referenceRoot(leaves, 0, n));
        }
        for (int sample = 0; sample < 10; sample++) {
            int n = 1 + random.nextInt(MAX_SIZE);
            List<byte[]> prefixLeaves = TestTrees.leafHashes(tree, n);
            assertRootsAgree(n, TestTrees.treeOf(prefixLeaves).root(), TestTrees.referenceRoot(prefixLeaves, 0, n));
        }
        assertThat(hex(Proofs.root(0, (level, index) -> { throw new AssertionError("read"); })))
                .isEqualTo(hex(Rfc6962.emptyRoot()));
    }

    @Test
    void everyInclusionProofInSmallTreesVerifiesAndResistsTampering() {
        for (int n = 1; n <= SMALL_SIZES; n++) {
            for (int leaf = 0; leaf < n; leaf++) {
                checkInclusion(leaf, n);
            }
        }
    }

    @Test
    void sampledInclusionProofsInLargeTreesVerifyAndResistTampering() {
        for (int sample = 0; sample < 1_000; sample++) {
            int n = 1 + random.nextInt(MAX_SIZE);
            checkInclusion(random.nextInt(n), n);
        }
    }

    @Test
    void everyConsistencyProofInSmallTreesVerifiesAndResistsTampering() {
        for (int to = 1; to <= SMALL_SIZES; to++) {
            for (int from = 0; from <= to; from++) {
                checkConsistency(from, to);
            }
        }
    }

    @Test
    void sampledConsistencyProofsInLargeTreesVerifyAndResistTampering() {
        for (int sample = 0; sample < 1_000; sample++) {
            int to = 1 + random.nextInt(MAX_SIZE);
            checkConsistency(random.nextInt(to + 1), to);
        }
    }

    @Test
    void generatorsRejectImpossibleArguments() {
        assertThatThrownBy(() -> Proofs.inclusion(5, 5, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proofs.inclusion(-1, 5, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proofs.consistency(6, 5, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proofs.root(-1, tree)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyAndEqualSizeConsistencyNeedsAnEmptyProofAndEqualRoots() {
        byte[] root = roots[7];
        assertThat(Proofs.verifyConsistency(0, 7, Rfc6962.emptyRoot(), root, List.of())).isTrue();
        assertThat(Proofs.verifyConsistency(0, 7, Rfc6962.emptyRoot(), root, List.of(root))).isFalse();
        assertThat(Proofs.verifyConsistency(7, 7, root, root, List.of())).isTrue();
        assertThat(Proofs.verifyConsistency(7, 7, root, roots[6], List.of())).isFalse();
        assertThat(Proofs.verifyConsistency(7, 7, root, root, List.of(root))).isFalse();
        assertThat(Proofs.verifyConsistency(8, 7, root, root, List.of())).isFalse();
    }

    private void assertRootsAgree(int n, byte[] inMemory, byte[] reference) {
        TestTrees.GuardedReader reader = new TestTrees.GuardedReader(tree, n);
        assertThat(hex(Proofs.root(n, reader))).as("Proofs.root(%d)", n).isEqualTo(hex(reference));
        assertThat(reader.reads).hasSize(Long.bitCount(n));
        assertThat(hex(roots[n])).as("CompactRange root at %d", n).isEqualTo(hex(reference));
        assertThat(hex(inMemory)).as("InMemoryTree root at %d", n).isEqualTo(hex(reference));
    }

    private void checkInclusion(int leaf, int n) {
        TestTrees.GuardedReader reader = new TestTrees.GuardedReader(tree, n);
        List<byte[]> proof = Proofs.inclusion(leaf, n, reader);
        byte[] leafHash = tree.node(0, leaf);
        byte[] root = roots[n];
        String at = "leaf " + leaf + " of " + n;

        assertThat(reader.reads).as(at).containsExactlyElementsOf(Proofs.inclusionNodes(leaf, n)).hasSizeLessThan(2 * 64);
        assertThat(Proofs.verifyInclusion(leaf, n, leafHash, proof, root)).as(at).isTrue();

        assertThat(Proofs.verifyInclusion(leaf, n, flipRandomBit(leafHash, random), proof, root)).as(at).isFalse();
        assertThat(Proofs.verifyInclusion(leaf, n, leafHash, proof, flipRandomBit(root, random))).as(at).isFalse();
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> tampered = new ArrayList<>(proof);
            tampered.set(i, flipRandomBit(proof.get(i), random));
            assertThat(Proofs.verifyInclusion(leaf, n, leafHash, tampered, root)).as(at).isFalse();
        }
        if (n > 1) {
            int otherLeaf = (leaf + 1 + random.nextInt(n - 1)) % n;
            assertThat(Proofs.verifyInclusion(otherLeaf, n, leafHash, proof, root)).as(at).isFalse();
        }
        int otherSize = leaf + 1 + random.nextInt(MAX_SIZE - leaf);
        if (otherSize != n) {
            assertThat(Proofs.verifyInclusion(leaf, otherSize, leafHash, proof, roots[otherSize])).as(at).isFalse();
        }
        assertThat(Proofs.verifyInclusion(leaf, leaf, leafHash, proof, root)).as(at).isFalse();
        assertThat(Proofs.verifyInclusion(leaf, 2L * n, leafHash, proof, root)).as(at).isFalse();
        assertThat(Proofs.verifyInclusion(leaf, n, leafHash, extended(proof), root)).as(at).isFalse();
        if (!proof.isEmpty()) {
            assertThat(Proofs.verifyInclusion(leaf, n, leafHash, proof.subList(0, proof.size() - 1), root)).as(at).isFalse();
        }
    }

    private void checkConsistency(int from, int to) {
        TestTrees.GuardedReader reader = new TestTrees.GuardedReader(tree, to);
        List<byte[]> proof = Proofs.consistency(from, to, reader);
        String at = from + " to " + to;

        assertThat(reader.reads).as(at).containsExactlyElementsOf(Proofs.consistencyNodes(from, to)).hasSizeLessThan(2 * 64);
        assertThat(Proofs.verifyConsistency(from, to, roots[from], roots[to], proof)).as(at).isTrue();
        if (from == 0 || from == to) {
            assertThat(proof).as(at).isEmpty();
            return;
        }

        assertThat(Proofs.verifyConsistency(from, to, flipRandomBit(roots[from], random), roots[to], proof)).as(at).isFalse();
        assertThat(Proofs.verifyConsistency(from, to, roots[from], flipRandomBit(roots[to], random), proof)).as(at).isFalse();
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> tampered = new ArrayList<>(proof);
            tampered.set(i, flipRandomBit(proof.get(i), random));
            assertThat(Proofs.verifyConsistency(from, to, roots[from], roots[to], tampered)).as(at).isFalse();
        }
        int otherFrom = 1 + random.nextInt(to);
        if (otherFrom != from) {
            assertThat(Proofs.verifyConsistency(otherFrom, to, roots[otherFrom], roots[to], proof)).as(at).isFalse();
        }
        int otherTo = from + random.nextInt(MAX_SIZE - from + 1);
        if (otherTo != to) {
            assertThat(Proofs.verifyConsistency(from, otherTo, roots[from], roots[otherTo], proof)).as(at).isFalse();
        }
        assertThat(Proofs.verifyConsistency(from, to, roots[to], roots[from], proof)).as(at).isFalse();
        assertThat(Proofs.verifyConsistency(from, to, roots[from], roots[to], extended(proof))).as(at).isFalse();
        assertThat(Proofs.verifyConsistency(from, to, roots[from], roots[to], proof.subList(0, proof.size() - 1))).as(at).isFalse();
    }

    private List<byte[]> extended(List<byte[]> proof) {
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(randomHash(random));
        return longer;
    }
}
