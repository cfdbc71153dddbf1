package dev.auditlog.server.internal.web;

import dev.auditlog.server.internal.auth.WebRole;
import java.util.List;
import java.util.Locale;

/** A tenant as the list of one's tenants shows it; {@code name} is empty for a role on a tenant the store does not hold. */
public record TenantRow(String id, String name, WebRole role) {
    /** Whether the id or name holds each of the {@code words}, which are lower-cased already ("acme 3" finds "Acme Corp 3"). */
    boolean matches(List<String> words) {
        String folded = name.toLowerCase(Locale.ROOT);
        return words.stream().allMatch(w -> id.contains(w) || folded.contains(w));
    }
}
