package dev.auditlog.core.store;

import dev.auditlog.core.merkle.CompactRange;
import dev.auditlog.core.merkle.NodeReader;
import dev.auditlog.core.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of one tenant's log as a store keeps it: leaf hashes on disk with the entries, every
 * complete node from level {@value #TILE_HEIGHT} up in memory, and the frontier with each checkpoint.
 *
 * <h2>Why this shape</h2>
 * Proofs need hashes of complete subtrees anywhere in the tree. Storing every internal node doubles the
 * rows written per append; storing none makes a proof re-hash millions of leaves. A node at level
 * {@code h < 8} covers at most 128 leaves, so it is cheap to fold from leaf hashes read in one range
 * query; nodes at level 8 and above are only 1/128 as many as leaves (80 k for 10 M entries, 2.5 MB) and
 * live in memory. Only the level-8 nodes ("tile roots") are persisted, in the same transaction as the
 * entries that complete them; the levels above are rebuilt from them on start. The frontier (the peaks
 * of the compact range) is stored with each checkpoint, so a restart needs no leaf at all.
 *
 * <p>Concurrency: one writer appends; readers ask for nodes at any time. Complete nodes never change,
 * so readers only need the writer's lists to be safely published, which the monitor gives.
 */
public final class TiledTree implements NodeReader {
    /** Height of a tile: nodes at this level and above are kept in memory. */
    public static final int TILE_HEIGHT = 8;

    /** Reads stored leaf hashes {@code [from, from + count)} in seq order. */
    @FunctionalInterface
    public interface LeafSource {
        byte[][] leaves(long from, int count);
    }

    /** Receives each tile root (level-8 node) when an append completes it, for persisting. */
    @FunctionalInterface
    public interface TileSink {
        void tileCompleted(long index, byte[] hash);
    }

    private final LeafSource leafSource;
    private final List<List<byte[]>> upper = new ArrayList<>(); // upper.get(i) = nodes at level TILE_HEIGHT + i
    private CompactRange range = new CompactRange();

    private TiledTree(LeafSource leafSource) {
        this.leafSource = leafSource;
    }

    public static TiledTree empty(LeafSource leafSource) {
        return new TiledTree(leafSource);
    }

    /**
     * Rebuilds a tree from its persisted frontier and tile roots (in index order).
     *
     * @throws IllegalStateException when the tile roots do not fit the size or do not agree with the frontier
     */
    public static TiledTree restore(long size, List<byte[]> peaks, List<byte[]> tileRoots, LeafSource leafSource) {
        long fullTiles = size >>> TILE_HEIGHT;
        if (tileRoots.size() != fullTiles) {
            throw new IllegalStateException("expected " + fullTiles + " tile roots for " + size + " leaves, found " + tileRoots.size());
        }
        TiledTree tree = new TiledTree(leafSource);
        CompactRange tileRange = new CompactRange();
        for (byte[] root : tileRoots) tileRange.append(root, tree::addUpperNode);
        tree.range = new CompactRange(size, peaks);
        tree.checkPeaksAgainstTiles(peaks);
        return tree;
    }

    public synchronized long size() {
        return range.size();
    }

    public synchronized byte[] root() {
        return range.root();
    }

    /** The frontier to persist with a checkpoint of the current size. */
    public synchronized List<byte[]> peaks() {
        return range.peaks();
    }

    /** Appends one leaf hash, reporting a completed tile root to the sink. */
    public synchronized void append(byte[] leafHash, TileSink sink) {
        range.append(leafHash, (level, index, hash) -> {
            if (level == TILE_HEIGHT) sink.tileCompleted(index, hash);
            if (level >= TILE_HEIGHT) addUpperNode(level - TILE_HEIGHT, index, hash);
        });
    }

    /** The frontier as stored with a checkpoint: its peaks' hashes, largest first, back to back. */
    public static byte[] packPeaks(List<byte[]> peaks) {
        byte[] packed = new byte[peaks.size() * Rfc6962.HASH_SIZE];
        for (int i = 0; i < peaks.size(); i++) {
            System.arraycopy(peaks.get(i), 0, packed, i * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        }
        return packed;
    }

    /** The inverse of {@link #packPeaks}. */
    public static List<byte[]> unpackPeaks(byte[] packed) {
        List<byte[]> peaks = new ArrayList<>();
        for (int i = 0; i < packed.length; i += Rfc6962.HASH_SIZE) {
            peaks.add(Arrays.copyOfRange(packed, i, i + Rfc6962.HASH_SIZE));
        }
        return peaks;
    }

    /** What {@link #truncate} needs to undo appends that did not commit. */
    public record Mark(long size, List<byte[]> peaks, int[] upperSizes) {
    }

    public synchronized Mark mark() {
        return new Mark(range.size(), range.peaks(), upper.stream().mapToInt(List::size).toArray());
    }

    /** Forgets everything appended after the mark (their transaction rolled back). */
    public synchronized void truncate(Mark mark) {
        range = new CompactRange(mark.size(), mark.peaks());
        while (upper.size() > mark.upperSizes().length) upper.removeLast();
        for (int i = 0; i < mark.upperSizes().length; i++) {
            List<byte[]> level = upper.get(i);
            while (level.size() > mark.upperSizes()[i]) level.removeLast();
        }
    }

    @Override
    public byte[] node(int level, long index) {
        synchronized (this) {
            if (((index + 1) << level) > range.size()) {
                throw new IllegalArgumentException("node (" + level + "," + index + ") is not complete in a tree of " + range.size());
            }
            if (level >= TILE_HEIGHT) return upper.get(level - TILE_HEIGHT).get((int) index);
        }
        return fold(leafSource.leaves(index << level, 1 << level));
    }

    /** The frontier's peaks at tile level and above must be nodes the tile roots produce. */
    private void checkPeaksAgainstTiles(List<byte[]> peaks) {
        long start = 0;
        int peak = 0;
        for (int level = 63; level >= 0; level--) {
            if ((range.size() & (1L << level)) == 0) continue;
            if (level >= TILE_HEIGHT
                    && !Arrays.equals(peaks.get(peak), upper.get(level - TILE_HEIGHT).get((int) (start >>> level)))) {
                throw new IllegalStateException("stored tile roots do not match the checkpointed frontier");
            }
            start += 1L << level;
            peak++;
        }
    }

    private void addUpperNode(int upperLevel, long index, byte[] hash) {
        while (upper.size() <= upperLevel) upper.add(new ArrayList<>());
        List<byte[]> level = upper.get(upperLevel);
        if (level.size() != index) throw new IllegalStateException("upper node out of order at level " + upperLevel);
        level.add(hash);
    }

    /** Root of a complete subtree given all its leaves (a power of two of them). */
    private static byte[] fold(byte[][] leaves) {
        int n = leaves.length;
        byte[][] layer = leaves.clone();
        while (n > 1) {
            for (int i = 0; i < n / 2; i++) layer[i] = Rfc6962.nodeHash(layer[2 * i], layer[2 * i + 1]);
            n /= 2;
        }
        return layer[0];
    }
}
