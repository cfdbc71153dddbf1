package dev.auditlog.server.internal.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a key may do (CONTRACT §2). {@code admin} implies {@code read}; nothing implies {@code ingest}. */
public enum Scope {
    INGEST, READ, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWire(String text) {
        for (Scope s : values()) {
            if (s.wire().equals(text)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Whether a key holding {@code granted} (wire names) may act under this scope. */
    public boolean grantedBy(Set<String> granted) {
        return granted.contains(wire()) || (this == READ && granted.contains(ADMIN.wire()));
    }
}
