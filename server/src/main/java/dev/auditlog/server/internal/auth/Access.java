package dev.auditlog.server.internal.auth;

import dev.auditlog.core.store.ApiKey;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.http.ApiProblem;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Authentication and authorisation of API calls (CONTRACT §2), in one place. The order of checks decides
 * what a caller can learn: a bad key gets 401 before anything is looked up, and whether a tenant exists is
 * told (404) only to the master key — every other caller gets the same 403 for "not yours" and "not there".
 * A tenant's IP allowlist (CONTRACT §5) applies to its keys' non-ingest calls; the master key is never
 * locked out.
 */
public final class Access {
    private static final String BEARER = "Bearer ";

    private final LogStore store;
    private final MasterKey masterKey;

    public Access(LogStore store, MasterKey masterKey) {
        this.store = store;
        this.masterKey = masterKey;
    }

    /** The caller, allowed to act under {@code scope} on tenant {@code tenant}; otherwise a 401/403/404 problem. */
    public Caller require(ServerRequest req, String tenant, Scope scope) {
        Caller caller = authenticate(req);
        if (caller.master()) {
            if (store.tenant(tenant).isEmpty()) throw ApiProblem.notFound("no such tenant: " + tenant);
            return caller;
        }
        ApiKey key = caller.key();
        if (!key.tenant().equals(tenant)) throw forbidden("this key belongs to another tenant");
        if (!scope.grantedBy(key.scopes())) throw forbidden("this key lacks the " + scope.wire() + " scope");
        if (scope != Scope.INGEST && !store.settings(tenant).allows(remoteAddress(req))) {
            throw forbidden("this address is not in the tenant's IP allowlist");
        }
        return caller;
    }

    /**
     * The peer's raw address. Why the socket peer and not X-Forwarded-For: a header is the caller's to
     * choose, so trusting it would let anyone past the allowlist; behind a proxy, allow the proxy.
     */
    public static byte[] remoteAddress(ServerRequest req) {
        return remotePeer(req).getAddress();
    }

    /** The peer's address, as {@link #remoteAddress} reads it. */
    public static InetAddress remotePeer(ServerRequest req) {
        return ((InetSocketAddress) req.remotePeer().address()).getAddress();
    }

    /** The master key, or a 401/403 problem. */
    public Caller requireMaster(ServerRequest req) {
        Caller caller = authenticate(req);
        if (!caller.master()) throw forbidden("only the master key may do this");
        return caller;
    }

    private Caller authenticate(ServerRequest req) {
        int headers = req.headers().all(HeaderNames.AUTHORIZATION, List::of).size();
        if (headers > 1) { // which one a proxy or client library meant is a guess; answer none of them
            throw new ApiProblem(400, "Bad Request", "send one Authorization header; this request has " + headers);
        }
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) throw unauthorized("an API key is required: Authorization: Bearer <key>");
        String value = header.get();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("the Authorization header must carry a Bearer key");
        }
        String presented = value.substring(BEARER.length()).strip();
        if (masterKey.matches(presented)) return Caller.MASTER;
        return ApiKeySecret.parse(presented)
                .flatMap(secret -> store.key(secret.id()))
                .filter(key -> !key.revoked() && Secrets.matches(presented, key.secretHash()))
                .map(Caller::new)
                .orElseThrow(() -> unauthorized("the API key is unknown or revoked"));
    }

    private static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "Unauthorized", detail);
    }

    private static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "Forbidden", detail);
    }
}
