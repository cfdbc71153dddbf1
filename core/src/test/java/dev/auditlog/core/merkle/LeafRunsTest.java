package dev.auditlog.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeafRunsTest {
    @Test
    void aWholeLogAddedNewestFirstIsOneRunWhateverItsSize() {
        LeafRuns runs = new LeafRuns();
        for (long leaf = 9_999_999; leaf >= 0; leaf--) runs.add(leaf);

        assertThat(runs.leaves()).isEqualTo(10_000_000);
        assertThat(runs.runs()).isEqualTo(1);
        assertThat(runs.lowest(0)).isZero();
        assertThat(runs.highest(0)).isEqualTo(9_999_999);
    }

    @Test
    void adjacentLeavesShareARunAndAGapStartsTheNextOneListedFromTheLeft() {
        LeafRuns runs = LeafRuns.ofAscending(new long[] {0, 1, 2, 5, 7, 8, 40});

        assertThat(runs.leaves()).isEqualTo(7);
        assertThat(runs.runs()).isEqualTo(4);
        long[][] expected = {{0, 2}, {5, 5}, {7, 8}, {40, 40}};
        for (int r = 0; r < expected.length; r++) {
            assertThat(new long[] {runs.lowest(r), runs.highest(r)}).as("run %d", r).containsExactly(expected[r]);
        }
    }

    @Test
    void aLeafNotBelowTheOnesBeforeItOrNegativeIsRefused() {
        LeafRuns runs = new LeafRuns();
        runs.add(10);
        assertThatThrownBy(() -> runs.add(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runs.add(11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runs.add(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(runs.leaves()).isEqualTo(1);
    }
}
