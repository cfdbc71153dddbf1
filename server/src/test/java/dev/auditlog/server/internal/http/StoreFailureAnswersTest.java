package dev.auditlog.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.StoreException;
import io.helidon.webserver.WebServer;
import java.io.EOFException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Every way the store was seen failing while PostgreSQL stopped under load is answered as the README promises: a 503
 * with {@code Retry-After}, never a 500 and never a connection closed without an answer. The failures underneath are
 * socket errors of the store's own connection to its database, which look like a client that went away.
 */
class StoreFailureAnswersTest {
    /** A store failure as the request saw it, named for the report. */
    record StoreFailure(String name, StoreException exception) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> failuresSeenWhilePostgresStopped() {
        return Stream.of(
                seen("the database's socket ended: an EOFException without a message",
                        new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE,
                                new EOFException())),
                seen("the database reset its socket",
                        new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE,
                                new SocketException("Connection reset"))),
                seen("the database's socket broke while writing",
                        new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE,
                                new SocketException("Broken pipe"))),
                seen("no connection in the pool's time",
                        new SQLTransientConnectionException("auditlog-postgres - Connection is not available", "08001",
                                new PSQLException("Connection to localhost:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT))),
                seen("a failure with no message anywhere", new EOFException()));
    }

    private static Arguments seen(String name, Throwable underneath) {
        return Arguments.of(new StoreFailure(name, new StoreException("could not store the events", underneath)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failuresSeenWhilePostgresStopped")
    void isA503WithRetryAfter(StoreFailure seen) throws Exception {
        Router router = new Router(List.of(Route.post("/events", (req, res) -> {
            throw seen.exception();
        })), new HttpMetrics());
        WebServer server = WebServer.builder().port(0).routing(router::register).build().start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.body()).contains("the store could not answer (could not store the events");
        } finally {
            server.stop();
        }
    }
}
