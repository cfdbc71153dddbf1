package dev.auditlog.core.export;

import dev.auditlog.core.merkle.Rfc6962;

/**
 * Leaves pushed newest first, folded into the complete aligned subtrees they fill, as a stack of nodes from the
 * highest index down. A worker folds the leaves of its chunk so that rebuilding the signed root at the end
 * hashes a few nodes per chunk, not a node per leaf: that was a tenth of a second per million entries on one
 * core after all the reading, while the other core idled.
 *
 * <p>Only a node's two children, both complete, are ever merged, so the stack is what {@link
 * dev.auditlog.core.merkle.MultiProof} would build from the same leaves. If the leaves were not strictly
 * descending the nodes mean nothing; the verifier checks the order before it uses them.
 */
final class FoldedLeaves {
    private final int[] levels;
    private final long[] indexes;
    private final byte[] hashes;
    private int size;

    FoldedLeaves(int capacity) {
        levels = new int[capacity];
        indexes = new long[capacity];
        hashes = new byte[capacity * Rfc6962.HASH_SIZE];
    }

    /** Pushes leaf {@code index} with the hash at {@code hash[at…]}, and merges while the top two are siblings. */
    void push(long index, byte[] hash, int at) {
        levels[size] = 0;
        indexes[size] = index;
        System.arraycopy(hash, at, hashes, size * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        size++;
        while (size > 1 && levels[size - 1] == levels[size - 2] && (indexes[size - 1] & 1) == 0
                && indexes[size - 2] == indexes[size - 1] + 1) {
            int left = (size - 1) * Rfc6962.HASH_SIZE; // pushed later: the lower index
            int right = (size - 2) * Rfc6962.HASH_SIZE;
            Rfc6962.nodeHash(hashes, left, right, right);
            size--;
            levels[size - 1]++;
            indexes[size - 1] = indexes[size] >> 1;
        }
    }

    int size() {
        return size;
    }

    int level(int i) {
        return levels[i];
    }

    long index(int i) {
        return indexes[i];
    }

    /** The nodes' hashes, node {@code i}'s at {@code i * HASH_SIZE}. */
    byte[] hashes() {
        return hashes;
    }
}
