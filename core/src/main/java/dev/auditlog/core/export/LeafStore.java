package dev.auditlog.core.export;

import dev.auditlog.core.merkle.MultiProof;
import dev.auditlog.core.merkle.Rfc6962;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The verified entries' leaves, as the complete subtrees their chunks folded them into ({@link FoldedLeaves}),
 * kept in flat arrays: a few nodes per chunk of a complete export, one per entry at worst (about 40 bytes, against
 * about 120 in a {@code TreeMap<Long, byte[]>}). Entries arrive newest first, so reading the arrays backwards
 * gives the ascending order {@link MultiProof#root(long, Iterator, java.util.List)} wants.
 */
final class LeafStore {
    private int[] levels = new int[1024];
    private long[] indexes = new long[1024];
    private byte[] hashes = new byte[1024 * Rfc6962.HASH_SIZE];
    private int nodes;
    private long entries;
    private long lastSeq = Long.MAX_VALUE;

    /**
     * Adds {@code count} entries' leaves, folded, the lowest of them {@code lowestSeq}; each below every leaf added
     * before, and strictly descending among themselves (the caller checks that).
     */
    void add(FoldedLeaves folded, int count, long lowestSeq) {
        for (int i = 0; i < folded.size(); i++) {
            if (nodes == indexes.length) {
                levels = Arrays.copyOf(levels, nodes * 2);
                indexes = Arrays.copyOf(indexes, nodes * 2);
                hashes = Arrays.copyOf(hashes, nodes * 2 * Rfc6962.HASH_SIZE);
            }
            levels[nodes] = folded.level(i);
            indexes[nodes] = folded.index(i);
            System.arraycopy(folded.hashes(), i * Rfc6962.HASH_SIZE, hashes, nodes * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
            nodes++;
        }
        entries += count;
        if (count > 0) lastSeq = lowestSeq;
    }

    /** How many entries were added. */
    long size() {
        return entries;
    }

    /** The seq added last, the lowest; {@link Long#MAX_VALUE} while empty. */
    long lastSeq() {
        return lastSeq;
    }

    /** The leaves as nodes, ascending. */
    Iterator<MultiProof.Node> ascending() {
        return new Iterator<>() {
            private int next = nodes - 1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public MultiProof.Node next() {
                if (next < 0) throw new NoSuchElementException();
                int at = next * Rfc6962.HASH_SIZE;
                MultiProof.Node node = new MultiProof.Node(levels[next], indexes[next], Arrays.copyOfRange(hashes, at, at + Rfc6962.HASH_SIZE));
                next--;
                return node;
            }
        };
    }
}
