package dev.auditlog.store.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Events that put every rule of the CSV export to work: text with commas, quotes, CR and LF, cells starting like
 * a formula, unicode beyond the BMP, control characters, absent fields, times beyond four-digit years, and
 * {@code changes}/{@code metadata} with every kind of JSON value, including numbers Jackson writes in a form it
 * does not read back the same ({@code BigDecimal} nodes, which only the library API can hand in), and a subject,
 * {@link #SUBJECT}, for an erasure to remove. Deterministic for a seed.
 */
final class VariedEvents {
    static final String SUBJECT = "u_subject";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] TEXT = {
            "plain", "with, comma", "with \"quotes\"", "line\nbreak", "carriage\rreturn", "crlf\r\nend", "=SUM(A1:A9)",
            "+1 555 0100", "-42", "@mention", "\tleading tab", "\rleading CR", "#hash first", "'already quoted",
            "emoji 😀 and 👩‍💻", "clef 𝄞, CJK 𠜎", "é ñ ü ß", "line separator \u2028 here", "tab\tinside",
            "back\\slash", "ctrl \u0001\u001f\u007f", "", "\"", ",", "=", "quote \" and comma , and LF \n all",
            "nul \u0000 inside", "Grace Hopper", "Ada Lovelace"};

    private final Random random;
    private boolean decimals;

    VariedEvents(long seed) {
        random = new Random(seed);
    }

    List<Event> next(int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) events.add(next());
        return events;
    }

    Event next() {
        boolean subject = random.nextInt(6) == 0;
        Actor actor = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> new Actor("system", null, null, null);
            default -> subject && random.nextBoolean() ? new Actor("user", SUBJECT, "Erin Subject", "erin@example.com")
                    : new Actor(pick("user", "integration"), text(), maybe(), maybe());
        };
        Target target = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> subject ? new Target("user", SUBJECT, "Erin Subject", null) : new Target("user", "u_2", maybe(), null);
            // a target with a type: one with no field at all is read back as no target (the API never makes one)
            default -> new Target(pick("invoice", text()), maybe(), maybe(), random.nextBoolean() ? "https://app.example.com/x/" + random.nextInt(99) : null);
        };
        List<Concern> concerns = new ArrayList<>();
        for (int n = random.nextInt(4) - 1; n > 0; n--) {
            concerns.add(random.nextInt(5) == 0 ? new Concern(null, maybe(), null) : new Concern(maybe(), pick("u_2", text()), maybe()));
        }
        if (subject) concerns.add(new Concern("user", SUBJECT, "Erin Subject"));
        String ip = subject && actor != null && SUBJECT.equals(actor.id()) ? "198.51.100.99" : pick(null, "203.0.113.7", "2001:db8::1");
        return new Event(pick("invoice.updated", "user.login", "report.exported", "x"), EventType.values()[random.nextInt(5)],
                pick("billing", "auth", "default", "pii-read"), maybe(), occurredAt(), actor, target, concerns, ip, maybe(),
                pick("success", "error"), document(!subject), document(!subject), random.nextInt(10) == 0 ? "key-" + random.nextLong() : null);
    }

    private Instant occurredAt() {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> Instant.parse("0000-01-01T00:00:00Z");
            case 2 -> Instant.parse("9999-12-31T23:59:59.999Z");
            case 3 -> Instant.parse("+12000-06-01T00:00:00Z");
            case 4 -> Instant.parse("-0005-03-01T12:00:00.5Z");
            case 5 -> Instant.ofEpochMilli(-1);
            default -> Instant.parse("2026-11-01T10:00:00Z").plusMillis(random.nextInt(1_000_000_000));
        };
    }

    /** {@code changes} or {@code metadata}: mostly objects, now and then JSON the byte path must leave alone. */
    private JsonNode document(boolean decimals) {
        this.decimals = decimals;
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> null;
            case 3 -> JSON.nullNode();
            case 4 -> JSON.textNode(text());
            case 5 -> JSON.arrayNode().add(value(2)).add(value(2));
            default -> object(3);
        };
    }

    private ObjectNode object(int depth) {
        ObjectNode o = JSON.objectNode();
        for (int n = random.nextInt(4); n >= 0; n--) o.set(pick("old", "new", "a b", "ключ", "quo\"te", "\u0001", text()), value(depth - 1));
        return o;
    }

    private JsonNode value(int depth) {
        int kind = random.nextInt(depth > 0 ? 24 : 22);
        return switch (kind) {
            case 0 -> JSON.numberNode(1);
            case 1 -> JSON.numberNode(0);
            case 2 -> JSON.numberNode(-1);
            case 3 -> JSON.numberNode(Long.MAX_VALUE);
            case 4 -> JSON.numberNode(BigInteger.TWO.pow(70).negate());
            case 5 -> JSON.numberNode(1.5);
            case 6 -> JSON.numberNode(-0.0);
            case 7 -> JSON.numberNode(1e300);
            case 8 -> JSON.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 9 -> JSON.numberNode(1e-5);
            // read back as a double, so not the same entry: never where an erasure must re-hash it
            case 10 -> decimals ? JSON.numberNode(new BigDecimal(pick("1.50", "1E+300", "100", "0.00010", "12345678.9"))) : JSON.numberNode(7);
            case 11 -> JSON.booleanNode(random.nextBoolean());
            case 12 -> JSON.nullNode();
            case 13, 14, 15, 16, 17, 18, 19, 20, 21 -> JSON.textNode(text());
            case 22 -> object(depth - 1);
            default -> {
                ArrayNode a = JSON.arrayNode();
                for (int n = random.nextInt(3); n >= 0; n--) a.add(value(depth - 1));
                yield a;
            }
        };
    }

    private String text() {
        return TEXT[random.nextInt(TEXT.length)];
    }

    private String maybe() {
        return random.nextInt(4) == 0 ? null : text();
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
