package dev.auditlog.server.internal.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

/** One operation of the API: what {@code /openapi.json} documents and what the router registers. */
public record Route(Method method, String path, Handler handler) {
    public static Route get(String path, Handler handler) {
        return new Route(Method.GET, path, handler);
    }

    public static Route head(String path, Handler handler) {
        return new Route(Method.HEAD, path, handler);
    }

    public static Route post(String path, Handler handler) {
        return new Route(Method.POST, path, handler);
    }

    public static Route put(String path, Handler handler) {
        return new Route(Method.PUT, path, handler);
    }

    public static Route delete(String path, Handler handler) {
        return new Route(Method.DELETE, path, handler);
    }
}
