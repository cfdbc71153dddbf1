package dev.auditlog.server.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Query values as the client sent them. A value whose %-escapes are not UTF-8 ({@code %FF}) decodes to U+FFFD in their
 * place: the API and the pages refuse it rather than answer for a value the client did not send.
 */
public final class QueryValues {
    private QueryValues() {
    }

    /** Whether a raw query value, its percent-escapes decoded to bytes, is well-formed UTF-8. */
    public static boolean escapesAreUtf8(String raw) {
        if (raw.indexOf('%') < 0) return true;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int escape = raw.indexOf('%', i);
            int literalEnd = escape < 0 ? raw.length() : escape;
            bytes.writeBytes(raw.substring(i, literalEnd).getBytes(StandardCharsets.UTF_8));
            if (escape < 0) break;
            if (escape + 3 > raw.length()) return false;
            bytes.write(HexFormat.fromHexDigits(raw, escape + 1, escape + 3));
            i = escape + 3;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
