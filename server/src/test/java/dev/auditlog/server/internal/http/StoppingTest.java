package dev.auditlog.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request in flight when the server stops is answered, and its answer tells the client to close the connection. */
class StoppingTest {
    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Router router = new Router(List.of(Route.post("/events", (req, res) -> {
        inFlight.countDown();
        await(release);
        res.status(201).send("{}");
    }), Route.get("/healthz", (req, res) -> res.send("ok"))), new HttpMetrics());
    private final WebServer server = WebServer.builder().port(0).routing(router::register).build().start();

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void answersAreKeepAliveUntilTheServerStopsAndThenCloseTheirConnection() throws Exception {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(headers(in)).doesNotContain("connection: close");
            assertThat(in.skip(2)).isEqualTo(2); // the body, "ok"

            send(socket, "POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
            router.stopping();
            release.countDown();
            List<String> answer = headers(in);
            assertThat(answer.getFirst()).startsWith("http/1.1 201");
            assertThat(answer).contains("connection: close");
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The status line and headers of the next response, in lower case. */
    private static List<String> headers(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(line.toLowerCase(Locale.ROOT));
        }
        return lines;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
