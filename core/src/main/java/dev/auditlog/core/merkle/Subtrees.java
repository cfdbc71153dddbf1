package dev.auditlog.core.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Arithmetic on complete aligned subtrees shared by the proof, frontier and multi-proof code.
 *
 * <p>Why: an RFC 6962 hash over a range that is not a complete subtree (a "partial" node on the
 * right edge of a tree) is never stored; it is always the right-to-left fold of the maximal
 * complete subtrees that tile the range, so every caller reduces to {@link #cover} plus
 * {@link #foldRight}.
 */
final class Subtrees {

    /** Largest level of any node in a tree whose size is a positive {@code long}. */
    static final int MAX_LEVEL = 62;

    private Subtrees() {}

    /**
     * The maximal complete aligned subtrees tiling {@code [start, end)}, left to right. When
     * {@code start} is a multiple of the largest power of two not above {@code end - start} (as
     * for every range the RFC 6962 recursion produces), they come largest first.
     */
    static List<NodeId> cover(long start, long end) {
        List<NodeId> nodes = new ArrayList<>();
        for (long at = start; at < end; ) {
            int level = Math.min(alignment(at), 63 - Long.numberOfLeadingZeros(end - at));
            nodes.add(new NodeId(level, at >>> level));
            at += 1L << level;
        }
        return nodes;
    }

    /** The RFC 6962 hash of a range from its maximal complete subtrees, largest (leftmost) first. */
    static byte[] foldRight(List<byte[]> peaks) {
        byte[] hash = peaks.get(peaks.size() - 1);
        for (int i = peaks.size() - 2; i >= 0; i--) {
            hash = Rfc6962.nodeHash(peaks.get(i), hash);
        }
        return hash;
    }

    /** The RFC 6962 hash of {@code [start, end)}, reading only complete nodes inside it. */
    static byte[] rangeHash(long start, long end, NodeReader nodes) {
        List<byte[]> peaks = new ArrayList<>();
        for (NodeId id : cover(start, end)) {
            peaks.add(nodes.node(id.level(), id.index()));
        }
        return foldRight(peaks);
    }

    /** The largest power of two dividing {@code at}, as an exponent; 0 is aligned to everything. */
    private static int alignment(long at) {
        return at == 0 ? 63 : Long.numberOfTrailingZeros(at);
    }
}
