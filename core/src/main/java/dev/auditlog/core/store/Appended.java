package dev.auditlog.core.store;

import dev.auditlog.core.entry.Entry;

/** The answer to one appended event: its entry, and whether it was an idempotent repeat of an earlier one. */
public record Appended(Entry entry, boolean duplicate) {
}
