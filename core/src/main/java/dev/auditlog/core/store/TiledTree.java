package dev.auditlog.core.store;

import dev.auditlog.core.merkle.CompactRange;
import dev.auditlog.core.merkle.NodeReader;
import dev.auditlog.core.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>A node below level 8 inside a complete tile is answered from the whole tile: its 256 leaf hashes are
 * read in one range query, folded, checked against the tile root held in memory, and kept in a small cache
 * of recently used tiles. An inclusion proof needs up to eight such nodes from the same tile; reading the
 * tile once instead of once per node is what keeps a proof to one query. The check means a leaf hash
 * changed on disk can never slip into a proof. A store may also name a faster, untrusted copy of the leaf
 * hashes ({@link #readTilesFirstFrom}): a tile read from it is used only when it folds to the tile root.
 *
 * <p>Concurrency: one writer appends; readers ask for nodes at any time. Complete nodes never change,
 * so readers only need the writer's lists to be safely published, which the monitor gives; the tile cache
 * only ever holds complete tiles, for the same reason.
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

    private static final int CACHED_TILES = 64;
    private static final int TILE_LEAVES = 1 << TILE_HEIGHT;

    private final LeafSource leafSource;
    private final Map<Long, byte[][][]> tileCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[][][]> eldest) {
            return size() > CACHED_TILES;
        }
    };
    private volatile LeafSource untrustedTiles;
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
        synchronized (tileCache) {
            tileCache.keySet().removeIf(tile -> tile >= mark.size() >>> TILE_HEIGHT);
        }
        while (upper.size() > mark.upperSizes().length) upper.removeLast();
        for (int i = 0; i < mark.upperSizes().length; i++) {
            List<byte[]> level = upper.get(i);
            while (level.size() > mark.upperSizes()[i]) level.removeLast();
        }
    }

    @Override
    public byte[] node(int level, long index) {
        long tile = index >>> (TILE_HEIGHT - Math.min(level, TILE_HEIGHT));
        byte[] tileRoot;
        synchronized (this) {
            if (((index + 1) << level) > range.size()) {
                throw new IllegalArgumentException("node (" + level + "," + index + ") is not complete in a tree of " + range.size());
            }
            if (level >= TILE_HEIGHT) return upper.get(level - TILE_HEIGHT).get((int) index);
            byte[] peak = range.peak(level, index);
            if (peak != null) return peak;
            List<byte[]> tileRoots = upper.isEmpty() ? List.of() : upper.getFirst();
            tileRoot = tile < tileRoots.size() ? tileRoots.get((int) tile) : null;
        }
        if (tileRoot == null) return fold(leafSource.leaves(index << level, 1 << level)); // the last, partial tile
        return tileLevels(tile, tileRoot)[level][(int) (index - (tile << (TILE_HEIGHT - level)))];
    }

    /**
     * Names a copy of the leaf hashes to read complete tiles from before the store's own source: faster, but
     * not trusted — it may return null for tiles it lacks, and a tile that does not fold to its root is ignored.
     */
    public void readTilesFirstFrom(LeafSource untrusted) {
        this.untrustedTiles = untrusted;
    }

    /** Every node of a complete tile, by level below the root: read once, checked against its root, cached. */
    private byte[][][] tileLevels(long tile, byte[] tileRoot) {
        synchronized (tileCache) {
            byte[][][] cached = tileCache.get(tile);
            if (cached != null) return cached;
        }
        LeafSource untrusted = untrustedTiles;
        byte[][] copy = untrusted == null ? null : untrusted.leaves(tile << TILE_HEIGHT, TILE_LEAVES);
        byte[][][] levels = copy == null ? null : foldTile(copy, tileRoot);
        if (levels == null) levels = foldTile(leafSource.leaves(tile << TILE_HEIGHT, TILE_LEAVES), tileRoot);
        if (levels == null) throw new StoreException("the stored leaf hashes of tile " + tile + " do not match its root", null);
        synchronized (tileCache) {
            tileCache.put(tile, levels);
        }
        return levels;
    }

    /** A tile's nodes by level (0 = its leaves) when they fold to {@code tileRoot}; null when they do not. */
    private static byte[][][] foldTile(byte[][] leaves, byte[] tileRoot) {
        byte[][][] levels = new byte[TILE_HEIGHT][][];
        levels[0] = leaves;
        for (int h = 1; h < TILE_HEIGHT; h++) {
            byte[][] below = levels[h - 1];
            levels[h] = new byte[below.length / 2][];
            for (int i = 0; i < levels[h].length; i++) levels[h][i] = Rfc6962.nodeHash(below[2 * i], below[2 * i + 1]);
        }
        byte[][] top = levels[TILE_HEIGHT - 1];
        return Arrays.equals(Rfc6962.nodeHash(top[0], top[1]), tileRoot) ? levels : null;
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
