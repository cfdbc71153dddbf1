package dev.auditlog.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.merkle.InMemoryTree;
import dev.auditlog.core.merkle.MultiProof;
import dev.auditlog.core.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Leaves folded chunk by chunk rebuild the same root as the leaves one by one, and name the same leaf in a problem. */
class FoldedLeavesTest {
    private static final int N = 600;

    private final Random random = new Random(7);
    private final InMemoryTree tree = new InMemoryTree();

    FoldedLeavesTest() {
        for (int i = 0; i < N; i++) tree.append(Rfc6962.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }

    @Test
    void foldingChangesNeitherTheRootNorTheProblemNamed() {
        for (int sample = 0; sample < 300; sample++) {
            int n = 1 + random.nextInt(N);
            TreeMap<Long, byte[]> known = new TreeMap<>();
            double density = random.nextDouble();
            for (long i = 0; i < n; i++) if (random.nextDouble() < density) known.put(i, tree.node(0, i));
            List<MultiProof.Node> covering = MultiProof.coveringNodes(n, known.keySet().stream().mapToLong(Long::longValue).toArray(), tree);
            switch (random.nextInt(4)) {
                case 0 -> { } // as exported
                case 1 -> { if (!known.isEmpty()) known.remove(new ArrayList<>(known.keySet()).get(random.nextInt(known.size()))); }
                case 2 -> known.put((long) random.nextInt(n + 2), tree.node(0, random.nextInt(N)));
                default -> { if (!covering.isEmpty()) covering = covering.subList(1, covering.size()); }
            }
            MultiProof.Result oneByOne = MultiProof.root(n, known, covering);
            MultiProof.Result folded = MultiProof.root(n, folded(known), covering);
            if (oneByOne instanceof MultiProof.Result.Ok ok) {
                assertThat(folded).isInstanceOfSatisfying(MultiProof.Result.Ok.class, f -> assertThat(f.root()).isEqualTo(ok.root()));
            } else {
                assertThat(folded).isEqualTo(oneByOne);
            }
        }
    }

    @Test
    void aCompleteRunFoldsIntoItsAlignedSubtrees() {
        FoldedLeaves folded = new FoldedLeaves(16);
        for (long i = 12; i >= 3; i--) folded.push(i, tree.node(0, i), 0);
        // [3, 13) newest first: 12, then 8..11, 4..7, 3 — the stack from the highest index down
        assertThat(folded.size()).isEqualTo(4);
        long[][] expected = {{0, 12}, {2, 2}, {2, 1}, {0, 3}};
        for (int i = 0; i < expected.length; i++) {
            assertThat(new long[] {folded.level(i), folded.index(i)}).isEqualTo(expected[i]);
            byte[] hash = java.util.Arrays.copyOfRange(folded.hashes(), i * Rfc6962.HASH_SIZE, (i + 1) * Rfc6962.HASH_SIZE);
            assertThat(hash).isEqualTo(tree.node((int) expected[i][0], expected[i][1]));
        }
    }

    /** The leaves pushed newest first in chunks of random length, as the verifier's workers do, ascending again. */
    private Iterator<MultiProof.Node> folded(TreeMap<Long, byte[]> known) {
        List<MultiProof.Node> nodes = new ArrayList<>();
        List<Long> descending = new ArrayList<>(known.descendingKeySet());
        for (int from = 0; from < descending.size(); ) {
            int to = Math.min(descending.size(), from + 1 + random.nextInt(70));
            FoldedLeaves chunk = new FoldedLeaves(to - from);
            for (int i = from; i < to; i++) chunk.push(descending.get(i), known.get(descending.get(i)), 0);
            for (int i = 0; i < chunk.size(); i++) {
                byte[] hash = java.util.Arrays.copyOfRange(chunk.hashes(), i * Rfc6962.HASH_SIZE, (i + 1) * Rfc6962.HASH_SIZE);
                nodes.add(new MultiProof.Node(chunk.level(i), chunk.index(i), hash));
            }
            from = to;
        }
        return nodes.reversed().iterator();
    }
}
