package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Text;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.QueryValues;
import io.helidon.webserver.http.ServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Path and query parameters of a request, with malformed encodings answered 400 rather than 500; names in request bodies. */
final class Requests {
    private Requests() {
    }

    /**
     * The {@code name} of a request body that creates something (a tenant, a key): a non-blank string of at most
     * {@code max} characters, counted as Unicode code points like every event field, without control characters.
     */
    static String displayName(JsonNode name, int max) {
        if (name == null || !name.isTextual() || name.textValue().isBlank() || Text.length(name.textValue()) > max) {
            throw ApiProblem.invalid("/name", "name must be a non-blank string of at most " + max + " characters");
        }
        String problem = Text.problem(name.textValue(), false);
        if (problem != null) throw ApiProblem.invalid("/name", "name " + problem);
        return name.textValue();
    }

    static String tenant(ServerRequest req) {
        return pathParam(req, "t");
    }

    static String pathParam(ServerRequest req, String name) {
        try {
            return req.path().pathParameters().get(name);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the path is not correctly encoded");
        }
    }

    /**
     * Refuses every query parameter, for an operation that takes none: a client's option ignored ({@code
     * …/erase?dry_run=true}) would have the operation done as if it had not asked, and erasures and prunes cannot be
     * undone.
     */
    static void noParameters(ServerRequest req) {
        query(req, Set.of());
    }

    /**
     * Query parameters as name → value. A name not {@code understood}, or one given more than once, is a 400 naming
     * it: a misspelt filter ({@code chanel=billing}) ignored would answer, or export, the whole log, and taking one
     * of several values silently (which one differs between servers) would answer another question than the client
     * asked. A value whose escapes are not UTF-8 ({@code %FF}) is a 400 too: decoded, it would hold U+FFFD in their
     * place and answer for a value the client did not send.
     */
    static Map<String, String> query(ServerRequest req, Set<String> understood) {
        try {
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : req.query().names()) {
                if (name.isEmpty()) continue; // a stray '&'
                if (!understood.contains(name)) {
                    throw ApiProblem.invalid("/query/" + name, "unknown parameter " + name + (understood.isEmpty()
                            ? "; this operation takes no parameters"
                            : "; the parameters here are " + String.join(", ", new TreeSet<>(understood))));
                }
                List<String> values = req.query().all(name);
                if (values.size() > 1) {
                    throw ApiProblem.invalid("/query/" + name, name + " may be given only once; it was given "
                            + values.size() + " times");
                }
                if (!values.isEmpty() && !QueryValues.escapesAreUtf8(req.query().getRaw(name))) {
                    throw ApiProblem.invalid("/query/" + name, name + " is not UTF-8 once its %-escapes are decoded");
                }
                params.put(name, values.isEmpty() ? "" : values.getFirst()); // "?limit=1&" names a parameter with no value
            }
            return params;
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the query string is not correctly encoded");
        }
    }
}
