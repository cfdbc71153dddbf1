package dev.auditlog.server.internal.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads request bodies with a hard ceiling: at most {@code limit + 1} bytes are ever held, so an oversized
 * body costs the server no more memory than a legal one. Beyond the ceiling the rest is read and dropped,
 * so the client can finish sending and see the 413 instead of a reset connection; a client that declared the length
 * and asked first ({@code Expect: 100-continue}) gets the 413 before it sends anything.
 */
public final class RequestBodies {
    /** CONTRACT §2: one request ≤ 4 MiB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final long MAX_DRAINED = 64L * 1024 * 1024;
    private static final String CURL_FORM = "application/x-www-form-urlencoded";

    private RequestBodies() {
    }

    /**
     * The body's media type, lower case and without parameters. No {@code Content-Type}, and the form type that
     * {@code curl -d} sends when the user forgets {@code -H 'Content-Type: application/json'}, count as JSON: a
     * body that is not JSON still gets its 400.
     */
    public static String mediaType(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(Json.MEDIA_TYPE);
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals(CURL_FORM) ? Json.MEDIA_TYPE : mediaType;
    }

    /**
     * For an operation that takes no body: any body is a 400 (413 beyond the limit, as for every body), before anything
     * is done. A client sending options in one ({@code {"dry_run": true}}) must not see the operation done as if it had
     * sent none.
     */
    public static void none(ServerRequest req) {
        if (read(req).length > 0) throw ApiProblem.badRequest("this operation takes no request body; nothing was done");
    }

    public static byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) return new byte[0];
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > MAX_BYTES && req.headers().contains(HeaderValues.EXPECT_100)) {
            // Refused before the client sends it: no 100 Continue, no body read and dropped, the connection closed
            throw tooLarge().closingConnection();
        }
        // Closed only once the body was read whole: closing reads on to the body's end, which a malformed chunk never
        // reaches, so a client that sent one and waits for the answer would wait with the server for ever.
        InputStream in = req.content().inputStream();
        try {
            byte[] body = declared > MAX_BYTES ? null : in.readNBytes(MAX_BYTES + 1);
            if (body == null || body.length > MAX_BYTES) {
                drain(in);
                in.close();
                throw tooLarge();
            }
            in.close();
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | DataReader.IncorrectNewLineException e) {
            // Helidon's chunk parser: a size that is not plain hexadecimal, a line ended by LF alone
            throw ApiProblem.unreadableBody("the chunked request body is malformed: each chunk must begin with its size in "
                    + "hexadecimal alone, and each line end with CRLF (chunk extensions are not supported; send plain chunks "
                    + "or a Content-Length)");
        }
    }

    private static ApiProblem tooLarge() {
        return new ApiProblem(413, "Payload Too Large", "a request body may be at most " + MAX_BYTES + " bytes");
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAINED && (n = in.read(buffer)) > 0) total += n;
    }
}
