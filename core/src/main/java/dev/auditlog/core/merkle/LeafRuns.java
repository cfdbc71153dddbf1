package dev.auditlog.core.merkle;

import java.util.Arrays;

/**
 * Known leaves of a tree as maximal runs of consecutive indexes, added highest first, the order in which an
 * export streams its entries (newest first). A whole log is one run, or a few past a prune, however many
 * entries it has; so what a JSON export keeps for its proof while it streams no longer grows with its size. A
 * filtered export keeps 16 bytes per run of adjacent matches.
 */
public final class LeafRuns {
    /** Run {@code r} in the order added: its highest leaf at {@code 2r}, its lowest at {@code 2r + 1}. */
    private long[] bounds = new long[16];
    private int runs;
    private long leaves;

    /** The runs of {@code leaves}, which must be strictly ascending and not negative. */
    public static LeafRuns ofAscending(long[] leaves) {
        LeafRuns runs = new LeafRuns();
        for (int i = leaves.length - 1; i >= 0; i--) runs.add(leaves[i]);
        return runs;
    }

    /** Adds {@code leaf}, which must be below every leaf added before. */
    public void add(long leaf) {
        if (leaf < 0) throw new IllegalArgumentException("negative leaf index " + leaf);
        if (runs > 0) {
            long lowest = bounds[2 * runs - 1];
            if (leaf >= lowest) throw new IllegalArgumentException("leaves out of order: " + leaf + " is not below " + lowest);
            if (leaf == lowest - 1) {
                bounds[2 * runs - 1] = leaf;
                leaves++;
                return;
            }
        }
        if (2 * runs == bounds.length) bounds = Arrays.copyOf(bounds, bounds.length * 2);
        bounds[2 * runs] = leaf;
        bounds[2 * runs + 1] = leaf;
        runs++;
        leaves++;
    }

    /** How many leaves were added. */
    public long leaves() {
        return leaves;
    }

    int runs() {
        return runs;
    }

    /** The lowest leaf of the {@code r}-th run from the left (the lowest run is 0). */
    long lowest(int r) {
        return bounds[2 * (runs - 1 - r) + 1];
    }

    /** The highest leaf of the {@code r}-th run from the left. */
    long highest(int r) {
        return bounds[2 * (runs - 1 - r)];
    }
}
