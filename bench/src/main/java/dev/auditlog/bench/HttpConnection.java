package dev.auditlog.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to the server under test, for one caller at a time: writes a request
 * that was serialised beforehand in one piece, reads the status line, the headers and a
 * {@code Content-Length} body. That is all the ingest API answers with, and all a load generator sharing the
 * server's cores should spend: no per-request objects beyond the body, no selector thread, no futures.
 * Anything it does not understand (chunked bodies, a broken status line) is an {@link IOException}.
 */
final class HttpConnection implements AutoCloseable {
    /** A response: its status and body. */
    record Response(int status, byte[] body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    HttpConnection(int port) {
        this.port = port;
    }

    /**
     * A complete request: head and body. {@code bearer} and {@code json} may be null.
     */
    static byte[] request(String method, String path, String bearer, byte[] json) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (bearer != null) head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        if (json != null) head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(json == null ? 0 : json.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        if (json == null) return h;
        byte[] all = new byte[h.length + json.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(json, 0, all, h.length, json.length);
        return all;
    }

    /**
     * Sends {@code request} and reads its response. Connects first when not connected; after an
     * {@link IOException} or a {@code Connection: close} the next exchange opens a new connection.
     */
    Response exchange(byte[] request) throws IOException {
        try {
            if (socket == null) connect();
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        position = 0;
        limit = 0;
    }

    private Response readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine, e);
        }
        int length = -1;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) throw new IOException("malformed header: " + header);
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "connection" -> closing = value.equalsIgnoreCase("close");
                case "transfer-encoding" -> throw new IOException("unsupported Transfer-Encoding: " + value);
                default -> {
                }
            }
        }
        if (length < 0) throw new IOException("the response has no Content-Length");
        byte[] body = new byte[length];
        int filled = Math.min(length, limit - position);
        System.arraycopy(buffer, position, body, 0, filled);
        position += filled;
        while (filled < length) {
            int n = in.read(body, filled, length - filled);
            if (n < 0) throw new EOFException("the connection closed inside a response body");
            filled += n;
        }
        if (closing) close();
        return new Response(status, body);
    }

    /** One line of the head without its line end (the head of this server's responses is ASCII). */
    private String line() throws IOException {
        ByteArrayOutputStream spill = null; // the start of a line that crossed the end of the buffer
        while (true) {
            if (position == limit) fill();
            int start = position;
            while (position < limit && buffer[position] != '\n') position++;
            if (position == limit) {
                if (spill == null) spill = new ByteArrayOutputStream();
                spill.write(buffer, start, position - start);
                continue;
            }
            int end = position++;
            if (spill == null) return ascii(buffer, start, end);
            spill.write(buffer, start, end - start);
            byte[] joined = spill.toByteArray();
            return ascii(joined, 0, joined.length);
        }
    }

    private static String ascii(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) throw new EOFException("the server closed the connection");
        position = 0;
        limit = n;
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that is already broken: nothing left to release
        }
        socket = null;
    }
}
