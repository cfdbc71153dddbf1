package dev.auditlog.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The benchmark's HTTP client against a scripted server: responses split anyhow across reads, keep-alive and close. */
class HttpConnectionTest {
    @Test
    void readsResponsesWhateverTheSegmentsAndReconnectsAfterClose() throws Exception {
        String longHeader = "X-Long: " + "a".repeat(40_000) + "\r\n";
        List<String> responses = List.of(
                "HTTP/1.1 201 Created\r\nContent-Length: 5\r\n" + longHeader + "\r\nhello",
                "HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\nConnection: close\r\n\r\nno",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> serve(server, responses, connections));
            try (HttpConnection c = new HttpConnection(server.getLocalPort())) {
                byte[] request = HttpConnection.request("POST", "/x", "k", "{}".getBytes(StandardCharsets.UTF_8));
                HttpConnection.Response first = c.exchange(request);
                assertThat(first.status()).isEqualTo(201);
                assertThat(first.text()).isEqualTo("hello");
                HttpConnection.Response second = c.exchange(request);
                assertThat(second.ok()).isFalse();
                assertThat(second.text()).isEqualTo("no");
                assertThat(c.exchange(request).status()).isEqualTo(200);
            }
        }
        assertThat(connections).hasValue(2);
    }

    @Test
    void refusesAChunkedBody() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> serve(server,
                    List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), new AtomicInteger()));
            try (HttpConnection c = new HttpConnection(server.getLocalPort())) {
                assertThatThrownBy(() -> c.exchange(HttpConnection.request("GET", "/", null, null)))
                        .isInstanceOf(IOException.class).hasMessageContaining("chunked");
            }
        }
    }

    /** Answers each request (head and Content-Length body) with the next response, a few bytes per write. */
    private static void serve(ServerSocket server, List<String> responses, AtomicInteger connections) {
        int next = 0;
        try {
            while (next < responses.size()) {
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (next < responses.size() && skipRequest(in)) {
                        String response = responses.get(next++);
                        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
                        for (int i = 0; i < bytes.length; i += 7) {
                            out.write(bytes, i, Math.min(7, bytes.length - i));
                            out.flush();
                        }
                        if (response.contains("Connection: close")) break;
                    }
                }
            }
        } catch (IOException e) {
            // the test has finished with the server
        }
    }

    private static boolean skipRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((b = in.read()) < 0) return false;
            head.append((char) b);
        }
        String h = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = h.indexOf("content-length: ");
        int length = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)));
        in.readNBytes(length);
        return true;
    }
}
