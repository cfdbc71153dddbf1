package dev.auditlog.server.internal.auth;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an API key: {@code al_<id>_<43 base64url chars>}. The id part lets authentication find the
 * stored key with one lookup; the random part is what is hashed and compared.
 */
public record ApiKeySecret(String id, String text) {
    private static final Pattern FORM = Pattern.compile("al_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");

    public static ApiKeySecret generate() {
        String id = Secrets.hex(8);
        return new ApiKeySecret(id, "al_" + id + "_" + Secrets.random256());
    }

    /** The key's id when the text has the form of a key; nothing says it is a valid one. */
    public static Optional<ApiKeySecret> parse(String text) {
        Matcher m = FORM.matcher(text);
        return m.matches() ? Optional.of(new ApiKeySecret(m.group(1), text)) : Optional.empty();
    }
}
