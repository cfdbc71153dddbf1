package dev.auditlog.server.internal.api;

import dev.auditlog.server.internal.http.ApiProblem;
import io.helidon.webserver.http.ServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Path and query parameters of a request, with malformed encodings answered 400 rather than 500. */
final class Requests {
    private Requests() {
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

    /** Query parameters as name → first value. */
    static Map<String, String> query(ServerRequest req) {
        try {
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : req.query().names()) params.put(name, req.query().get(name));
            return params;
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the query string is not correctly encoded");
        }
    }
}
