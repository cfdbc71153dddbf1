package dev.auditlog.server.internal.http;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.ContentEncodingContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The {@code Content-Encoding}s a request body may have: {@code identity} and {@code gzip} (with its alias
 * {@code x-gzip}, RFC 9110 §8.4.1.3). Helidon refuses any other before routing, and {@link TransportProblems}
 * answers that 415 naming these.
 *
 * <p>A gzip body is inflated while the handler reads it, so every body limit ({@link RequestBodies}' 4 MiB, the
 * web forms' own) applies to the inflated bytes: a small zip bomb gets its 413 after 4 MiB, never an
 * out-of-memory. Bytes that are not gzip are bad input (400), not a server failure. Responses are never
 * compressed: only decoding is offered, so Helidon keeps sending them as they are.
 */
final class RequestDecoding implements ContentEncoding {
    static final String ACCEPTED = "gzip, identity";
    static final ContentEncodingContext CONTEXT = ContentEncodingContext.create(c -> c
            .contentEncodingsDiscoverServices(false)
            .addContentEncoding(new RequestDecoding()));

    private RequestDecoding() {
    }

    /** Content codings are case-insensitive (RFC 9110 §8.4.1), but Helidon matches their names exactly: the usual spellings. */
    @Override
    public Set<String> ids() {
        return Set.of("gzip", "x-gzip", "GZIP", "Gzip", "X-GZIP", "X-Gzip", "x-Gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return Inflating::new;
    }

    @Override
    public ContentEncoder encoder() {
        throw new UnsupportedOperationException("responses are not compressed");
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public String type() {
        return "gzip";
    }

    /**
     * Inflates lazily (a {@link GZIPInputStream} reads the gzip header as it is built, and a handler that never
     * reads the body should not fail on it) and reports a corrupt or truncated stream as a 400.
     */
    private static final class Inflating extends InputStream {
        private final InputStream compressed;
        private GZIPInputStream gzip;

        Inflating(InputStream compressed) {
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (gzip == null) gzip = new GZIPInputStream(compressed, 8192);
                return gzip.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw ApiProblem.badRequest("the body is sent with Content-Encoding gzip but is not valid gzip: " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            if (gzip != null) gzip.close();
            else compressed.close();
        }
    }
}
