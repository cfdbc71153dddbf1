package dev.auditlog.server;

import static dev.auditlog.server.TestServer.MASTER;
import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT §2 for requests Helidon refuses before any route sees them: they too get an RFC 9457 problem document
 * with a detail that says what to fix, never an empty body (a browser's navigation to a page gets the error page
 * instead). And request bodies may be sent gzip-compressed.
 */
class TransportProblemsTest {
    private static final String EVENTS = "/api/v1/tenants/acme/events";

    @TempDir
    static Path dataDir;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(dataDir);
        api.createTenant("acme");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void contentEncodingIdentityIsAcceptedAsAPlainBody() {
        HttpResponse<byte[]> res = ingest("identity", bytes("{\"action\":\"plain.sent\"}"));
        assertThat(json(expect(res, 201)).get("entries").get(0).get("recorded").asBoolean()).isTrue();
    }

    @Test
    void aGzipBodyIsInflatedWhicheverWayTheCodingIsSpelled() {
        for (String coding : List.of("GZIP", "Gzip", "X-GZIP")) {
            HttpResponse<byte[]> res = ingest(coding, gzip(bytes("{\"action\":\"zipped.spelled\"}")));
            assertThat(res.statusCode()).as(coding).isEqualTo(201);
        }
    }

    @Test
    void aGzipBodyIsInflatedAndAppended() {
        HttpResponse<byte[]> res = ingest("gzip", gzip(bytes("[{\"action\":\"zipped.one\"},{\"action\":\"zipped.two\"}]")));
        assertThat(json(expect(res, 201)).get("entries")).hasSize(2);
        JsonNode page = json(expect(api.get(EVENTS + "?action=zipped.two", MASTER), 200));
        assertThat(page.get("entries")).hasSize(1);
    }

    @Test
    void aGzipBodyThatInflatesPastFourMebibytesIs413() {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        HttpResponse<byte[]> res = ingest("gzip", bomb);
        assertThat(problem(res, 413).get("detail").asText()).contains("4194304 bytes");
    }

    @Test
    void aBodyThatIsNotGzipDespiteItsContentEncodingIs400() {
        HttpResponse<byte[]> res = ingest("gzip", bytes("{\"action\":\"not.zipped\"}"));
        assertThat(problem(res, 400).get("detail").asText()).contains("not valid gzip");
    }

    @Test
    void anUnsupportedContentEncodingIs415NamingTheAcceptedOnes() {
        HttpResponse<byte[]> res = ingest("br", bytes("{\"action\":\"a\"}"));
        assertThat(problem(res, 415).get("detail").asText()).contains("Content-Encoding br is not supported").contains("gzip");
        assertThat(res.headers().firstValue("Accept-Encoding")).contains("gzip, identity");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {EVENTS + "?q=%zz", EVENTS + "?q=%", EVENTS + "?channel=billing&q=100%"})
    void malformedPercentEncodingInTheQueryIs400(String target) {
        JsonNode problem = problem(raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"), 400);
        assertThat(problem.get("detail").asText())
                .isEqualTo("the query string is not correctly percent-encoded: each % must be followed by two hexadecimal digits");
    }

    @Test
    void aCharacterThatMustBeEncodedInTheQueryIsNamedWithoutEchoingTheQuery() {
        JsonNode problem = problem(raw("GET " + EVENTS + "?q=a|b[x]{y} HTTP/1.1\r\nHost: localhost\r\n"), 400);
        assertThat(problem.get("detail").asText()).startsWith("the query string holds a character that must be percent-encoded")
                .doesNotContain("a|b");
    }

    @Test
    void malformedPercentEncodingInThePathIs400() {
        JsonNode problem = problem(raw("GET " + EVENTS + "/%zz HTTP/1.1\r\nHost: localhost\r\n"), 400);
        assertThat(problem.get("detail").asText()).isEqualTo("the path is not correctly percent-encoded: each % must be followed by two hexadecimal digits");
    }

    @Test
    void aBrowserNavigatingToAPageAddressWithAMalformedEscapeGetsTheErrorPageSayingWhatIsWrong() {
        Raw res = raw("GET /t/acme/audit-log?q=100% HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n");
        assertThat(res.status).isEqualTo(400);
        assertThat(res.contentType).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(res.body, StandardCharsets.UTF_8)).startsWith("<!doctype html>")
                .contains("the query string is not correctly percent-encoded: each % must be followed by two hexadecimal digits");
        assertThat(res.head.toLowerCase(Locale.ROOT)).contains("content-security-policy: default-src 'self'")
                .contains("x-frame-options: deny");
    }

    @Test
    void anApiAddressWithAMalformedEscapeKeepsItsProblemDocumentWhateverTheClientAccepts() {
        problem(raw("GET " + EVENTS + "?q=%zz HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"), 400);
    }

    /** A client that asks before sending (Expect: 100-continue) a body over the limit is refused before it sends it. */
    @Test
    void aBodyDeclaredTooLargeWithExpectContinueIsRefusedBeforeItIsSent() {
        Raw res = raw("POST " + EVENTS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + MASTER
                + "\r\nContent-Type: application/json\r\nContent-Length: 9999999\r\nExpect: 100-continue\r\n");
        assertThat(problem(res, 413).get("detail").asText()).isEqualTo("a request body may be at most 4194304 bytes");
        assertThat(res.head()).as("no invitation to send it").doesNotContain("100 Continue");
    }

    /**
     * Helidon 4.5.0's chunk parser takes the size line whole, so a chunk extension (valid HTTP/1.1) failed as a 500. A bad
     * size line that is the last thing the client sent is answered at once too (the server had waited with the client for
     * the body's end), and the connection closes: what follows a bad chunk is no next request.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zz\r\n", "5\r\n{\"act\r\nQQ\r\n", "10;a=b\r\n{\"action\":\"a.b\"}\r\n0\r\n\r\n", "10 \r\n{\"action\":\"a.b\"}\r\n0\r\n\r\n",
            "zz\r\n{\"action\":\"a.b\"}\r\n0\r\n\r\n", "ffffffffffffffffff\r\n{\"action\":\"a.b\"}\r\n0\r\n\r\n",
            "-10\r\n{\"action\":\"a.b\"}\r\n0\r\n\r\n", "10\r\n{\"action\":\"a.b\"}\r\n0\r\n\n"})
    void aChunkedBodyWhoseSizeLineIsNotPlainHexadecimalOrEndsInABareLineFeedIs400(String chunks) {
        String head = "POST " + EVENTS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + MASTER
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
        JsonNode problem = problem(raw(head, chunks), 400);
        assertThat(problem.get("detail").asText()).startsWith("the chunked request body is malformed");
        HttpRequest chunked = HttpRequest.newBuilder(api.uri(EVENTS)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + MASTER).header("Content-Type", "application/json") // no length: chunks
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes("{\"action\":\"a.b\"}")))).build();
        assertThat(api.send(chunked).statusCode()).as("plain chunks").isEqualTo(201);
    }

    @Test
    void anHttp10RequestIs505SayingToSendHttp11() {
        JsonNode problem = problem(raw("GET /healthz HTTP/1.0\r\nHost: localhost\r\n"), 505);
        assertThat(problem.get("detail").asText()).isEqualTo("this server speaks HTTP/1.1: send the request as HTTP/1.1 "
                + "(behind nginx, set proxy_http_version 1.1)");
    }

    @Test
    void aRequestLineOverFourKibibytesIs414() {
        HttpResponse<byte[]> res = api.get(EVENTS + "?q=" + "a".repeat(5_000), MASTER);
        assertThat(res.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(res.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        JsonNode problem = problem(res, 414);
        assertThat(problem.get("detail").asText()).isEqualTo("the request line (method, path and query string) must be shorter than 4096 bytes");
    }

    @Test
    void aHugePathSegmentIs414() {
        HttpResponse<byte[]> res = api.send("POST", "/api/v1/tenants/acme/subjects/" + "x".repeat(5_000) + "/erase", MASTER, null, null);
        assertThat(problem(res, 414).get("detail").asText()).contains("4096 bytes");
    }

    @Test
    void headersOverSixteenKibibytesAre431() {
        HttpRequest req = HttpRequest.newBuilder(api.uri(EVENTS)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + MASTER).header("X-Padding", "p".repeat(20_000)).GET().build();
        assertThat(problem(api.send(req), 431).get("detail").asText()).isEqualTo("the request headers may be at most 16384 bytes in all");
    }

    private static HttpResponse<byte[]> ingest(String contentEncoding, byte[] body) {
        HttpRequest req = HttpRequest.newBuilder(api.uri(EVENTS)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + MASTER).header("Content-Type", "application/json")
                .header("Content-Encoding", contentEncoding).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return api.send(req);
    }

    private static JsonNode problem(HttpResponse<byte[]> res, int status) {
        return problem(res.statusCode(), res.headers().firstValue("Content-Type").orElse(null), res.body(), status);
    }

    private static JsonNode problem(Raw res, int status) {
        return problem(res.status, res.contentType, res.body, status);
    }

    private static JsonNode problem(int actualStatus, String contentType, byte[] body, int status) {
        assertThat(actualStatus).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(contentType).isEqualTo("application/problem+json");
        JsonNode problem;
        try {
            problem = TestServer.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isNotBlank();
        return problem;
    }

    /** What {@link java.net.URI} refuses to build (malformed percent-encoding) goes over a plain socket. */
    private static Raw raw(String head) {
        return raw(head, "");
    }

    private static Raw raw(String head, String body) {
        try (Socket socket = new Socket("localhost", api.server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            String contentType = null;
            for (String line : lines) {
                if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) contentType = line.substring(13).strip();
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), contentType, response.substring(0, end),
                    response.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Raw(int status, String contentType, String head, byte[] body) {
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
