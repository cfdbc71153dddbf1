package dev.auditlog.core.event;

import java.util.Set;

/**
 * Who did it. {@code type} is {@code user}, {@code integration} or {@code system}; every field may be null.
 * An event without an actor was done by the system itself.
 */
public record Actor(String type, String id, String name, String email) {
    public static final String USER = "user";
    public static final String INTEGRATION = "integration";
    public static final String SYSTEM = "system";
    /** Every type an actor may have, for ingest and for the query's {@code actor_type} filter alike. */
    public static final Set<String> TYPES = Set.of(USER, INTEGRATION, SYSTEM);

    public boolean isSystem() {
        return SYSTEM.equals(type);
    }
}
