package dev.auditlog.core.store;

import java.time.Instant;
import java.util.Set;

/**
 * An API key of a tenant as stored: never the secret itself, only its SHA-256 (secrets are 256-bit random
 * values, so a fast hash is enough; passwords, which are not, use Argon2id elsewhere).
 *
 * @param id         public identifier, also embedded in the secret so a key is found without scanning
 * @param scopes     any of {@code ingest}, {@code read}, {@code admin}
 * @param secretHash SHA-256 of the secret
 * @param revokedAt  null while the key works
 */
public record ApiKey(String id, String tenant, String name, Set<String> scopes, byte[] secretHash,
                     Instant createdAt, Instant revokedAt) {
    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** This key as revoked at {@code at}. */
    public ApiKey asRevokedAt(Instant at) {
        return new ApiKey(id, tenant, name, scopes, secretHash, createdAt, at);
    }
}
