package dev.auditlog.core.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole tree in memory (leaf hashes in a list) with lazily cached internal nodes; for tests and
 * offline verification. Not thread-safe.
 */
public final class InMemoryTree implements NodeReader {

    /** {@code levels.get(0)} holds the leaf hashes; higher levels are filled left to right on demand. */
    private final List<List<byte[]>> levels = new ArrayList<>();

    public InMemoryTree() {
        levels.add(new ArrayList<>());
    }

    public void append(byte[] leafHash) {
        if (!Rfc6962.isHash(leafHash)) {
            throw new IllegalArgumentException("not a " + Rfc6962.HASH_SIZE + "-byte hash");
        }
        levels.get(0).add(leafHash.clone());
    }

    public long size() {
        return levels.get(0).size();
    }

    public byte[] root() {
        return Proofs.root(size(), this);
    }

    /** The complete node at (level, index); it must lie wholly inside the tree. */
    @Override
    public byte[] node(int level, long index) {
        if (level < 0 || level > Subtrees.MAX_LEVEL || index < 0 || index >= size() >>> level) {
            throw new IllegalArgumentException(
                    "node (" + level + ", " + index + ") is not complete in a tree of size " + size());
        }
        return nodeAt(level, (int) index).clone();
    }

    /** Recurses over levels only: filling a level reads the level below, already cached or filled. */
    private byte[] nodeAt(int level, int index) {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> cached = levels.get(level);
        for (int i = cached.size(); i <= index; i++) {
            cached.add(Rfc6962.nodeHash(nodeAt(level - 1, 2 * i), nodeAt(level - 1, 2 * i + 1)));
        }
        return cached.get(index);
    }
}
