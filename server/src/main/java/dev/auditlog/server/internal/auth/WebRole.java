package dev.auditlog.server.internal.auth;

import java.util.Optional;

/**
 * A web user's role on one tenant (CONTRACT §7). Each role includes the ones before it: a viewer reads and
 * exports, an admin also sees settings, a super-admin also manages users and keys.
 */
public enum WebRole {
    VIEWER("viewer"), ADMIN("admin"), SUPER_ADMIN("super-admin");

    private final String wire;

    WebRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean includes(WebRole other) {
        return compareTo(other) >= 0;
    }

    public static Optional<WebRole> fromWire(String text) {
        for (WebRole r : values()) {
            if (r.wire.equals(text)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
