package dev.auditlog.core.merkle;

/**
 * Hash of the complete, aligned subtree at (level, index): it covers leaves
 * {@code [index << level, (index + 1) << level)}. Level 0 = leaf hashes.
 *
 * <p>Callers in this package only ask for nodes that lie wholly inside the tree they work on.
 */
@FunctionalInterface
public interface NodeReader {
    byte[] node(int level, long index);
}
