package dev.auditlog.core.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors in words a client of the API can act on, for every request body read with a strict mapper.
 *
 * <p>Why: Jackson's messages name its own classes and switches ("bound as `com.fasterxml.jackson.databind.JsonNode`",
 * "enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"), which a client cannot change (the strictness is
 * deliberate) and which only tell a stranger what parses the body. The errors clients meet most get a sentence of
 * their own; any other keeps Jackson's description without those names. Recognising them means reading Jackson's
 * message text, so {@code MalformedJsonTest} pins each one against the Jackson on the class path: an upgrade that
 * rewords a message fails there rather than in front of a user.
 */
public final class MalformedJson {
    /** "(bound as `…`)", ": enable `…` to allow", ", from `…`", "(… Feature '…' not enabled for parser)". */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\s*\\(bound as `[^`]*`\\)|:?\\s*enable `[^`]*` to allow|,\\s*from `[^`]*`|\\s*\\([^()]*Feature '[^']*'[^()]*\\)");
    /** "[Source: REDACTED (`…` disabled); line: 1, column: 1]": the place is kept, the parser's note on its source not. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*; ");
    /** Whatever else is quoted in backquotes, and fully qualified class names. */
    private static final Pattern NAMES = Pattern.compile("`[^`]*`|\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    private MalformedJson() {
    }

    /**
     * The detail for a body Jackson refused: {@code malformed JSON at line L, column C: what is wrong}, without
     * the location when Jackson has none (its nesting guard gives none).
     *
     * @param maxNesting the nesting limit of the mapper that threw, which its message would only name as a method
     */
    public static String describe(JsonProcessingException e, int maxNesting) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed JSON" + where + ": " + problem(e, maxNesting);
    }

    private static String problem(JsonProcessingException e, int maxNesting) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException && message.contains("nesting depth")) {
            return "JSON nested deeper than " + maxNesting + " levels";
        }
        if (message.contains("FAIL_ON_TRAILING_TOKENS")) return "a second JSON value follows the first; only one is allowed";
        if (message.contains("ALLOW_NON_NUMERIC_NUMBERS")) return "NaN and Infinity are not JSON numbers";
        if (message.contains("ALLOW_COMMENTS")) return "comments are not allowed in JSON";
        String plain = NAMES.matcher(INTERNALS.matcher(SOURCE.matcher(message).replaceAll("[")).replaceAll("")).replaceAll("")
                .replaceAll("\\(\\s*\\)", "").replaceAll("\\s+", " ").strip();
        return plain.isEmpty() ? "not valid JSON" : plain;
    }
}
