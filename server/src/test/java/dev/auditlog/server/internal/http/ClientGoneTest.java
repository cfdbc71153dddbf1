package dev.auditlog.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A client that goes away while a response streams (a cancelled export) is one quiet line in the log, while a
 * failure of the server itself after the response has started is still logged with its stack trace.
 */
class ClientGoneTest {
    private final ListAppender<ILoggingEvent> routerLog = new ListAppender<>();
    private final List<LogRecord> helidonWarnings = new CopyOnWriteArrayList<>();
    private final Handler helidonLog = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) helidonWarnings.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private WebServer server;

    @BeforeEach
    void start() {
        Logger logger = (Logger) LoggerFactory.getLogger(Router.class);
        logger.setLevel(Level.DEBUG);
        logger.addAppender(routerLog);
        routerLog.start();
        java.util.logging.Logger.getLogger("").addHandler(helidonLog);
        Router router = new Router(List.of(
                Route.get("/export-to-a-client-that-left", (req, res) -> {
                    startStreaming(res.outputStream());
                    throw new UncheckedIOException(new IOException("Broken pipe"));
                }),
                Route.post("/upload", (req, res) -> res.send(RequestBodies.read(req))),
                Route.get("/export-that-breaks", (req, res) -> {
                    startStreaming(res.outputStream());
                    throw new IllegalStateException("the store failed mid-export");
                })), new HttpMetrics());
        server = WebServer.builder().port(0).routing(router::register).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        java.util.logging.Logger.getLogger("").removeHandler(helidonLog);
        ((Logger) LoggerFactory.getLogger(Router.class)).detachAppender(routerLog);
    }

    @Test
    void aClientThatWentAwayIsOneDebugLineWithoutAStackTrace() throws Exception {
        get("/export-to-a-client-that-left");
        awaitLog(() -> !routerLog.list.isEmpty());
        assertThat(routerLog.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getFormattedMessage())
                    .isEqualTo("GET /export-to-a-client-that-left: the client went away (java.io.IOException: Broken pipe)");
            assertThat(e.getThrowableProxy()).isNull();
        });
        assertThat(helidonWarnings).isEmpty();
    }

    @Test
    void aClientThatLeftBeforeSendingTheWholeBodyIsOneDebugLineWithoutAStackTrace() throws Exception {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n[{\"action\"")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput(); // gone, 990 bytes short
            socket.getInputStream().readAllBytes();
        }
        awaitLog(() -> !routerLog.list.isEmpty());
        assertThat(routerLog.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getFormattedMessage()).startsWith("POST /upload: the client went away (");
            assertThat(e.getThrowableProxy()).isNull();
        });
        assertThat(helidonWarnings).isEmpty();
    }

    @Test
    void aServerFailureAfterTheResponseStartedIsStillLoggedWithItsStackTrace() throws Exception {
        get("/export-that-breaks");
        awaitLog(() -> !helidonWarnings.isEmpty());
        assertThat(helidonWarnings).anySatisfy(r -> assertThat(r.getThrown()).hasMessage("the store failed mid-export"));
        assertThat(routerLog.list).isEmpty();
    }

    private static void startStreaming(OutputStream out) {
        try {
            out.write("id,seq\n".repeat(100).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads whatever the server sends until it closes the connection, as a cut-short download ends. */
    private void get(String path) throws IOException {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }

    private static void awaitLog(java.util.function.BooleanSupplier logged) throws InterruptedException {
        for (int i = 0; i < 100 && !logged.getAsBoolean(); i++) Thread.sleep(50);
    }
}
