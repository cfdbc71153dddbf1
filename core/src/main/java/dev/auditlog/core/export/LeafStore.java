package dev.auditlog.core.export;

import dev.auditlog.core.merkle.MultiProof;
import dev.auditlog.core.merkle.Rfc6962;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The verified entries' seqs and leaf hashes, kept in two flat arrays (40 bytes an entry, against about 120 in a
 * {@code TreeMap<Long, byte[]>}). Entries arrive newest first, so reading the arrays backwards gives the
 * ascending order {@link MultiProof#root(long, Iterator, java.util.List)} wants.
 */
final class LeafStore {
    private long[] seqs = new long[1024];
    private byte[] hashes = new byte[1024 * Rfc6962.HASH_SIZE];
    private int size;

    /** Adds a leaf whose seq is below every one added before (the caller checks that). */
    void add(long seq, byte[] from, int at) {
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2 * Rfc6962.HASH_SIZE);
        }
        seqs[size] = seq;
        System.arraycopy(from, at, hashes, size * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        size++;
    }

    int size() {
        return size;
    }

    /** The seq added last, the lowest; {@link Long#MAX_VALUE} while empty. */
    long lastSeq() {
        return size == 0 ? Long.MAX_VALUE : seqs[size - 1];
    }

    /** The leaves as level-0 nodes, ascending by seq. */
    Iterator<MultiProof.Node> ascending() {
        return new Iterator<>() {
            private int next = size - 1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public MultiProof.Node next() {
                if (next < 0) throw new NoSuchElementException();
                int at = next-- * Rfc6962.HASH_SIZE;
                return new MultiProof.Node(0, seqs[next + 1], Arrays.copyOfRange(hashes, at, at + Rfc6962.HASH_SIZE));
            }
        };
    }
}
