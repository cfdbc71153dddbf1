package dev.auditlog.core.merkle;

/** The position of a complete, aligned subtree: it covers leaves {@code [index << level, (index + 1) << level)}. */
public record NodeId(int level, long index) {}
