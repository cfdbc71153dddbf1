package dev.auditlog.server.internal.api;

import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Text;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.http.QueryValues;
import dev.auditlog.server.internal.http.RequestBodies;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /api/v1/tenants/{t}/subjects/{id}/erase}: GDPR erasure of one person (CONTRACT §5, see
 * {@link LogStore#erase}). The erasure is itself recorded, in channel {@code gdpr}, under the pseudonym only:
 * the record must not bring back what it removed. The store commits the record with the erasure and appends it right
 * after, so an erasure is answered 200 once it is done, whatever fails after it.
 */
final class ErasureApi {
    /** Any id an event may give its actor, target or concerns must be erasable. */
    private static final int MAX_ID = Event.MAX_PARTY_FIELD;
    private static final String SUBJECTS = "/subjects/";
    private static final String ERASE = "/erase";
    /** The route, after the tenant's path: the id may span segments. */
    static final String ROUTE = SUBJECTS + "{+id}" + ERASE;

    private final LogStore store;
    private final Access access;
    private final ServerEntries entries;

    ErasureApi(LogStore store, Access access, ServerEntries entries) {
        this.store = store;
        this.access = access;
        this.entries = entries;
    }

    void erase(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        RequestBodies.none(req);
        String subject = subjectId(req);
        if (subject.isBlank() || Text.length(subject) > MAX_ID) {
            throw ApiProblem.badRequest("the subject id must be 1–" + MAX_ID + " characters");
        }
        String problem = Text.problem(subject, false); // no event can carry such an id
        if (problem != null) throw ApiProblem.badRequest("the subject id " + problem);
        Erasure erasure = store.erase(tenant, subject, done -> Optional.of(entries.event(caller, "gdpr", "subject.erased",
                EventType.DELETED, "Personal data of " + done.pseudonym() + " erased", new Target("subject", done.pseudonym(), null, null),
                null, Json.object().put("entries", done.entries()))));
        entries.appendedByStore();
        Json.send(res, 200, Json.object().put("pseudonym", erasure.pseudonym()).put("entries", erasure.entries()));
    }

    /**
     * The id as the client encoded it in the path. Ids are the client's own, and one may hold a '/' ("org/u1"), sent
     * as {@code %2F}; the router matches the decoded path, where that is a separator, so the route takes the rest of
     * the path ({@link #ROUTE}) and the id is decoded here from the raw one.
     */
    private static String subjectId(ServerRequest req) {
        String raw = req.path().rawPath();
        int from = raw.indexOf(SUBJECTS);
        if (from < 0 || !raw.endsWith(ERASE)) return Requests.pathParam(req, "id");
        String encoded = raw.substring(from + SUBJECTS.length(), raw.length() - ERASE.length());
        try {
            // decoded, escapes that are not UTF-8 (%C3%28) would erase an id holding U+FFFD, which no client sent
            if (!QueryValues.escapesAreUtf8(encoded)) {
                throw ApiProblem.badRequest("the subject id is not UTF-8 once its %-escapes are decoded");
            }
            // a path's '+' is itself, not a space as in a form
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the path is not correctly encoded");
        }
    }
}
