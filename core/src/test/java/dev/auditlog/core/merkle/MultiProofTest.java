package dev.auditlog.core.merkle;

import static dev.auditlog.core.merkle.TestTrees.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MultiProofTest {

    private final Random random = new Random(2024);
    private final InMemoryTree tree = TestTrees.randomTree(random, 3_000);

    @Test
    void recomputesTheRootForEveryKindOfSubset() {
        for (int sample = 0; sample < 40; sample++) {
            int n = random.nextInt((int) tree.size() + 1);
            for (long[] known : subsets(n)) {
                List<MultiProof.Node> covering = MultiProof.coveringNodes(n, known, new TestTrees.GuardedReader(tree, n));
                MultiProof.Result result = MultiProof.root(n, knownHashes(known), covering);
                assertThat(result).isInstanceOf(MultiProof.Result.Ok.class);
                assertThat(hex(((MultiProof.Result.Ok) result).root())).isEqualTo(hex(Proofs.root(n, tree)));
            }
        }
    }

    @Test
    void coveringNodesAreMaximalBlocksOfTheGaps() {
        long[] known = {3, 4, 17, 18, 19, 64};
        List<MultiProof.Node> covering = MultiProof.coveringNodes(100, known, tree);

        assertThat(covering).extracting(node -> node.level() + "/" + node.index()).containsExactly(
                "1/0", "0/2", // [0, 3)
                "0/5", "1/3", "3/1", "0/16", // [5, 17)
                "2/5", "3/3", "5/1", // [20, 64)
                "0/65", "1/33", "2/17", "3/9", "4/5", "2/24"); // [65, 100)
        for (MultiProof.Node node : covering) {
            assertThat(node.hash()).isEqualTo(tree.node(node.level(), node.index()));
        }
    }

    @Test
    void allLeavesKnownNeedsNoCoveringAndNoLeavesKnownNeedsOnlyThePeaks() {
        assertThat(MultiProof.coveringNodes(1000, LongStream.range(0, 1000).toArray(), tree)).isEmpty();
        assertThat(MultiProof.coveringNodes(1000, new long[0], tree))
                .extracting(node -> new NodeId(node.level(), node.index()))
                .containsExactlyElementsOf(Subtrees.cover(0, 1000))
                .hasSize(Long.bitCount(1000));
    }

    @Test
    void removingAKnownLeafReportsItMissing() {
        for (int sample = 0; sample < 40; sample++) {
            int n = 1 + random.nextInt((int) tree.size());
            long[] known = scattered(n);
            if (known.length == 0) {
                continue;
            }
            List<MultiProof.Node> covering = MultiProof.coveringNodes(n, known, tree);
            SortedMap<Long, byte[]> hashes = knownHashes(known);
            long removed = known[random.nextInt(known.length)];
            hashes.remove(removed);
            assertThat(MultiProof.root(n, hashes, covering)).isEqualTo(new MultiProof.Result.Missing(removed));
        }
    }

    @Test
    void aKnownLeafThatIsAlsoCoveredIsUnexpected() {
        for (int sample = 0; sample < 40; sample++) {
            int n = 2 + random.nextInt((int) tree.size() - 1);
            long[] known = scattered(n);
            if (known.length == n) {
                continue;
            }
            List<MultiProof.Node> covering = MultiProof.coveringNodes(n, known, tree);
            SortedMap<Long, byte[]> hashes = knownHashes(known);
            long extra;
            do {
                extra = random.nextInt(n);
            } while (hashes.containsKey(extra));
            hashes.put(extra, tree.node(0, extra));
            assertThat(MultiProof.root(n, hashes, covering)).isEqualTo(new MultiProof.Result.Unexpected(extra));
        }
    }

    @Test
    void aKnownLeafOutsideTheTreeIsUnexpected() {
        long[] known = {2, 5};
        SortedMap<Long, byte[]> hashes = knownHashes(known);
        List<MultiProof.Node> covering = MultiProof.coveringNodes(8, known, tree);
        hashes.put(8L, tree.node(0, 8));
        assertThat(MultiProof.root(8, hashes, covering)).isEqualTo(new MultiProof.Result.Unexpected(8));
        hashes.remove(8L);
        hashes.put(-1L, tree.node(0, 9));
        assertThat(MultiProof.root(8, hashes, covering)).isEqualTo(new MultiProof.Result.Unexpected(-1));
    }

    @Test
    void coveringNodesThatOverlapOrReachPastTheTreeAreUnexpected() {
        SortedMap<Long, byte[]> none = new TreeMap<>();
        List<MultiProof.Node> overlapping = List.of(node(2, 0), node(1, 1), node(1, 2));
        assertThat(MultiProof.root(6, none, overlapping)).isEqualTo(new MultiProof.Result.Unexpected(2));
        List<MultiProof.Node> tooLong = List.of(node(2, 0), node(2, 1));
        assertThat(MultiProof.root(6, none, tooLong)).isEqualTo(new MultiProof.Result.Unexpected(6));
        List<MultiProof.Node> withGap = List.of(node(2, 0), node(0, 5));
        assertThat(MultiProof.root(6, none, withGap)).isEqualTo(new MultiProof.Result.Missing(4));
    }

    @Test
    void coveringNodesMayComeInAnyOrder() {
        long[] known = {1, 7, 8};
        List<MultiProof.Node> covering = new ArrayList<>(MultiProof.coveringNodes(20, known, tree));
        Collections.shuffle(covering, random);
        assertThat(MultiProof.root(20, knownHashes(known), covering))
                .isInstanceOfSatisfying(MultiProof.Result.Ok.class, ok -> assertThat(ok.root()).isEqualTo(Proofs.root(20, tree)));
    }

    @Test
    void aChangedLeafHashGivesADifferentRoot() {
        int n = 777;
        long[] known = scattered(n);
        long changed = known.length == 0 ? -1 : known[random.nextInt(known.length)];
        List<MultiProof.Node> covering = MultiProof.coveringNodes(n, known, tree);
        SortedMap<Long, byte[]> hashes = knownHashes(known);
        hashes.put(changed, TestTrees.flipRandomBit(hashes.get(changed), random));
        MultiProof.Result result = MultiProof.root(n, hashes, covering);
        assertThat(result).isInstanceOfSatisfying(MultiProof.Result.Ok.class,
                ok -> assertThat(ok.root()).isNotEqualTo(Proofs.root(n, tree)));
    }

    @Test
    void emptyTreeWithNothingKnownHasTheEmptyRoot() {
        assertThat(MultiProof.coveringNodes(0, new long[0], tree)).isEmpty();
        assertThat(MultiProof.root(0, new TreeMap<>(), List.of()))
                .isInstanceOfSatisfying(MultiProof.Result.Ok.class, ok -> assertThat(ok.root()).isEqualTo(Rfc6962.emptyRoot()));
    }

    @Test
    void knownLeavesMustBeStrictlyAscendingAndInsideTheTree() {
        assertThatThrownBy(() -> MultiProof.coveringNodes(10, new long[] {3, 2}, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiProof.coveringNodes(10, new long[] {3, 3}, tree)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultiProof.coveringNodes(10, new long[] {10}, tree)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMillionScatteredKnownLeavesNeedOneCoveringLeafPerGap() {
        int n = 2_000_000;
        long[] known = new long[n / 2];
        Random pick = new Random(1);
        for (int pair = 0; pair < known.length; pair++) {
            known[pair] = 2L * pair + pick.nextInt(2);
        }
        byte[] someHash = Rfc6962.emptyRoot();

        List<MultiProof.Node> covering = MultiProof.coveringNodes(n, known, (level, index) -> someHash);

        assertThat(covering).hasSize(n / 2).allMatch(node -> node.level() == 0);
        SortedMap<Long, byte[]> hashes = new TreeMap<>();
        for (long leaf : known) {
            hashes.put(leaf, someHash);
        }
        assertThat(MultiProof.root(n, hashes, covering)).isInstanceOf(MultiProof.Result.Ok.class);
    }

    private List<long[]> subsets(int n) {
        List<long[]> subsets = new ArrayList<>();
        subsets.add(new long[0]);
        subsets.add(LongStream.range(0, n).toArray());
        subsets.add(scattered(n));
        if (n > 0) {
            subsets.add(new long[] {random.nextInt(n)});
            int from = random.nextInt(n);
            subsets.add(LongStream.range(from, from + random.nextInt(n - from + 1)).toArray());
        }
        return subsets;
    }

    private long[] scattered(int n) {
        double density = random.nextDouble();
        return LongStream.range(0, n).filter(leaf -> random.nextDouble() < density).toArray();
    }

    private SortedMap<Long, byte[]> knownHashes(long[] known) {
        SortedMap<Long, byte[]> hashes = new TreeMap<>();
        for (long leaf : known) {
            hashes.put(leaf, tree.node(0, leaf));
        }
        return hashes;
    }

    private MultiProof.Node node(int level, long index) {
        return new MultiProof.Node(level, index, tree.node(level, index));
    }
}
