package dev.auditlog.core.merkle;

import static dev.auditlog.core.merkle.TestTrees.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    private final Random random = new Random(42);
    private final InMemoryTree tree = TestTrees.randomTree(random, 2_000);

    @Test
    void emptyRangeHasTheEmptyRootAndNoPeaks() {
        CompactRange range = new CompactRange();
        assertThat(range.size()).isZero();
        assertThat(range.peaks()).isEmpty();
        assertThat(hex(range.root())).isEqualTo(hex(Rfc6962.emptyRoot()));
    }

    @Test
    void sinkReportsExactlyTheNodesEachAppendCompletes() {
        CompactRange range = new CompactRange();
        for (int size = 0; size < tree.size(); size++) {
            List<String> reported = new ArrayList<>();
            range.append(tree.node(0, size), (level, index, hash) ->
                    reported.add(level + "/" + index + "=" + hex(hash)));

            List<String> completed = new ArrayList<>();
            long newSize = size + 1;
            for (int level = 0; (newSize & ((1L << level) - 1)) == 0; level++) {
                long index = (newSize >>> level) - 1;
                completed.add(level + "/" + index + "=" + hex(tree.node(level, index)));
            }
            assertThat(reported).as("append #%d", size).containsExactlyElementsOf(completed);
        }
    }

    @Test
    void peakAnswersExactlyThePeakNodesAndNullForEveryOtherNode() {
        CompactRange range = new CompactRange();
        for (int size = 1; size <= 300; size++) {
            range.append(tree.node(0, size - 1), (level, index, hash) -> {});
            for (int level = 0; level <= 9; level++) {
                for (long index = 0; ((index + 1) << level) <= size; index++) {
                    boolean isPeak = (size & (1L << level)) != 0 && (index << level) == (size & -(1L << (level + 1)));
                    byte[] peak = range.peak(level, index);
                    if (isPeak) {
                        assertThat(hex(peak)).as("size %d node %d/%d", size, level, index).isEqualTo(hex(tree.node(level, index)));
                    } else {
                        assertThat(peak).as("size %d node %d/%d", size, level, index).isNull();
                    }
                }
            }
        }
    }

    @Test
    void peaksAreTheMaximalCompleteSubtreesLargestFirst() {
        CompactRange range = new CompactRange();
        for (int size = 1; size <= 300; size++) {
            range.append(tree.node(0, size - 1), (level, index, hash) -> {});
            List<String> expected = new ArrayList<>();
            long start = 0;
            for (int level = 62; level >= 0; level--) {
                if ((size & (1L << level)) != 0) {
                    expected.add(hex(tree.node(level, start >>> level)));
                    start += 1L << level;
                }
            }
            assertThat(hex(range.peaks())).as("size %d", size).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void restoringFromPeaksThenAppendingMatchesAppendingStraightThrough() {
        CompactRange straight = new CompactRange();
        List<String> straightNodes = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            straight.append(tree.node(0, i), (level, index, hash) -> straightNodes.add(level + "/" + index + "=" + hex(hash)));
        }
        for (int sample = 0; sample < 50; sample++) {
            int split = random.nextInt((int) tree.size() + 1);
            CompactRange before = new CompactRange();
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < split; i++) {
                before.append(tree.node(0, i), (level, index, hash) -> nodes.add(level + "/" + index + "=" + hex(hash)));
            }
            CompactRange restored = new CompactRange(before.size(), before.peaks());
            for (int i = split; i < tree.size(); i++) {
                restored.append(tree.node(0, i), (level, index, hash) -> nodes.add(level + "/" + index + "=" + hex(hash)));
            }
            assertThat(restored.size()).isEqualTo(straight.size());
            assertThat(hex(restored.peaks())).isEqualTo(hex(straight.peaks()));
            assertThat(hex(restored.root())).isEqualTo(hex(straight.root())).isEqualTo(hex(tree.root()));
            assertThat(nodes).as("split at %d", split).isEqualTo(straightNodes);
        }
    }

    @Test
    void restoringRejectsAPeakCountThatDoesNotMatchTheSize() {
        List<byte[]> twoPeaks = List.of(tree.node(1, 0), tree.node(0, 2));
        assertThat(new CompactRange(3, twoPeaks).root()).isEqualTo(Proofs.root(3, tree));
        assertThatThrownBy(() -> new CompactRange(4, twoPeaks)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactRange(7, twoPeaks)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactRange(3, List.of(tree.node(1, 0), new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peaksCannotBeMutatedFromOutside() {
        CompactRange range = new CompactRange();
        byte[] leaf = tree.node(0, 0);
        range.append(leaf, (level, index, hash) -> {});
        leaf[0] ^= 1;
        range.peaks().get(0)[0] ^= 1;
        assertThat(hex(range.root())).isEqualTo(hex(tree.node(0, 0)));
    }
}
