package dev.auditlog.core.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right frontier ("compact range") of a tree {@code [0, size)}: the roots of its maximal
 * complete subtrees, largest first. Enough to append and to compute the root. Not thread-safe.
 *
 * <p>Why: the peaks mirror the binary digits of {@code size}, one per set bit. Appending a leaf is
 * binary increment: each trailing one bit of the old size is a peak that merges with the new
 * subtree into its parent, a "carry" that completes exactly one node per level.
 */
public final class CompactRange {

    private long size;
    private final List<byte[]> peaks;

    /** The frontier of the empty tree. */
    public CompactRange() {
        this.peaks = new ArrayList<>();
    }

    /** Restores a frontier from its size and its peaks, largest first. */
    public CompactRange(long size, List<byte[]> peaks) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        if (peaks.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException(
                    "a tree of size " + size + " has " + Long.bitCount(size) + " peaks, not " + peaks.size());
        }
        this.size = size;
        this.peaks = new ArrayList<>(peaks.size());
        for (byte[] peak : peaks) {
            this.peaks.add(checkedCopy(peak));
        }
    }

    public long size() {
        return size;
    }

    /** Copies of the peaks, largest first. */
    public List<byte[]> peaks() {
        return peaks.stream().map(byte[]::clone).toList();
    }

    /**
     * The peak that is node {@code (level, index)}, or null when that node is not a peak. Every inclusion
     * proof ends at the tree's right edge, whose nodes below a full tile are peaks: answering them from here
     * keeps a proof from reading the last, partial tile's leaves each time.
     */
    public byte[] peak(int level, long index) {
        if (level > 62 || (size & (1L << level)) == 0) return null;
        long coveredByLarger = size >>> (level + 1) << (level + 1);
        if (coveredByLarger >>> level != index) return null;
        return peaks.get(Long.bitCount(size >>> (level + 1))).clone();
    }

    /** The tree head; {@link Rfc6962#emptyRoot()} for size 0. */
    public byte[] root() {
        return peaks.isEmpty() ? Rfc6962.emptyRoot() : Subtrees.foldRight(peaks);
    }

    /** Appends a leaf hash; reports every complete node created by the append, from level 0 upwards (the leaf itself at level 0 included). */
    public void append(byte[] leafHash, NodeSink sink) {
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("tree is full");
        }
        byte[] hash = checkedCopy(leafHash);
        int level = 0;
        sink.completed(level, size, hash);
        while (((size >>> level) & 1) == 1) {
            hash = Rfc6962.nodeHash(peaks.removeLast(), hash);
            level++;
            sink.completed(level, size >>> level, hash);
        }
        peaks.add(hash);
        size++;
    }

    /** Receives the complete nodes an append creates. */
    @FunctionalInterface
    public interface NodeSink {
        void completed(int level, long index, byte[] hash);
    }

    private static byte[] checkedCopy(byte[] hash) {
        if (!Rfc6962.isHash(hash)) {
            throw new IllegalArgumentException("not a " + Rfc6962.HASH_SIZE + "-byte hash");
        }
        return hash.clone();
    }
}
