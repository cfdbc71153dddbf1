package dev.auditlog.core.store;

import java.time.Instant;
import java.util.regex.Pattern;

/** A customer whose log is kept apart from every other. */
public record Tenant(String id, String name, Instant createdAt) {
    public static final String DEFAULT = "default";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
