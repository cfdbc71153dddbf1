package dev.auditlog.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.merkle.Rfc6962;
import dev.auditlog.core.sample.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The fast path reads an exported entry exactly as the general path does: whenever it takes an entry, its leaf
 * data is the general path's byte for byte; whatever it declines is left to the general path.
 */
class LeafFromJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Text pieces: the first {@value #PLAIN} need no escape (in JCS nor in the export), the rest do. */
    private static final String[] PIECES = {"a", "Z", "0", " ", "-", "_", "/", "<b>", "'", "é", "ß", "中文", "😀", "\uE000",
            "\uFFFD", "\u2028", "\u007f", "\"", "\\", "\n", "\t", "\u0001", "\u001f"};
    private static final int PLAIN = 17;
    /** Raw JSON values: the first {@value #SIMPLE} copy as they are, the rest need the general encoder. */
    private static final String[] RAW_VALUES = {"1", "-5", "0", "42", "123456789012345", "true", "false", "null", "\"x\"",
            "\"é😀\"", "[]", "{}", "[1,\"a\",null]", "1234567890123456", "1.0", "1e3",
            "1E-7", "-0", "-0.0", "0.1", "9007199254740993", "12345678901234567890", "\"é\\u00e9\"", "\"tab\\t\""};
    private static final int SIMPLE = 13;

    private final Random random = new Random(8785);
    private final LeafFromJson fast = new LeafFromJson();

    /** The general path's leaf data of an export entry, or null where it cannot read the entry. */
    private static byte[] generalLeafData(byte[] json) {
        try {
            return LeafEncoding.leafData(EntryJson.fromExportJson(JSON.readTree(json), "t"));
        } catch (Exception e) {
            return null;
        }
    }

    /** Asserts the fast path agrees with the general path on {@code json}; returns whether it took the entry. */
    private boolean agrees(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        byte[] general = generalLeafData(bytes);
        boolean taken = fast.read(bytes, 0, bytes.length);
        if (taken) {
            assertThat(general).as("the general path reads what the fast path took: %s", json).isNotNull();
            assertThat(new String(fast.leafData(), StandardCharsets.UTF_8)).as(json)
                    .isEqualTo(new String(general, StandardCharsets.UTF_8));
            assertThat(fast.leafHash()).isEqualTo(Rfc6962.leafHash(general));
        }
        return taken;
    }

    @Test
    void takesAndMatchesEveryEntryOfARealisticExport() {
        SampleEvents sample = new SampleEvents(1);
        for (int i = 0; i < 2000; i++) {
            Entry entry = entry(sample.next(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)), i);
            String json = EntryJson.toExportJson(entry).toString();
            assertThat(agrees(json)).as(json).isTrue();
            assertThat(fast.matchesClaim()).isTrue();
            assertThat(fast.seq()).isEqualTo(i);
            assertThat(fast.id()).isEqualTo(entry.id());
        }
    }

    @Test
    void agreesOnRandomEntriesWithUnicodeEscapesControlCharactersAndAbsentFields() {
        int taken = 0;
        for (int i = 0; i < 5000; i++) {
            if (agrees(EntryJson.toExportJson(entry(randomEvent(), random.nextLong(1L << 53))).toString())) taken++;
        }
        assertThat(taken).as("entries without escapes go the fast way").isGreaterThan(500);
    }

    @Test
    void agreesOnChangesAndMetadataWithUnsortedMembersAndEveryKindOfNumber() {
        int taken = 0;
        for (int i = 0; i < 5000; i++) {
            String json = EntryJson.toExportJson(entry(randomEvent(), i)).toString();
            String withChanges = json.substring(0, json.length() - 1) + ",\"changes\":" + rawObject(0)
                    + ",\"metadata\":" + rawObject(0) + "}";
            if (agrees(withChanges)) taken++;
        }
        assertThat(taken).as("changes of plain values are sorted the fast way").isGreaterThan(500);
    }

    @Test
    void agreesOnEditedEntries() {
        List<UnaryOperator<String>> edits = List.of(
                s -> s.replaceFirst("\"seq\":\\d+", "\"seq\":1.0"),
                s -> s.replaceFirst("\"seq\":\\d+", "\"seq\":-1"),
                s -> s.replaceFirst("\"seq\":\\d+", "\"seq\":007"),
                s -> s.replaceFirst("\"seq\":\\d+", "\"seq\":9007199254740993"),
                s -> s.replaceFirst("\"seq\":\\d+", "\"seq\":9007199254740992"),
                s -> s.replaceFirst("\"seq\":\\d+", "\"seq\":\"5\""),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-02-30"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2024-02-29"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2023-02-29"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2000-02-29"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2100-02-29"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"1900-02-29"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"0000-02-29"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-04-31"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-04-30"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-12-31"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-13-01"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-00-10"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-01-00"),
                s -> s.replaceFirst("\"recorded_at\":\"2026-11-20", "\"recorded_at\":\"2026-1a-10"),
                s -> s.replaceFirst("(?<date>\"recorded_at\":\"[^\"]*T)\\d\\d", "${date}23"),
                s -> s.replaceFirst("(?<hour>\"recorded_at\":\"[^\"]*T\\d\\d:)\\d\\d", "${hour}60"),
                s -> s.replaceFirst("(?<minute>\"recorded_at\":\"[^\"]*T\\d\\d:\\d\\d:)\\d\\d", "${minute}60"),
                s -> s.replaceFirst("(?<minute>\"recorded_at\":\"[^\"]*T\\d\\d:\\d\\d:)\\d\\d", "${minute}59"),
                s -> s.replaceFirst("(?<second>\"recorded_at\":\"[^\"]*\\.)\\d", "${second}x"),
                s -> s.replaceFirst("(\"recorded_at\":\"[^\"]*)Z\"", "$1z\""),
                s -> s.replaceFirst("(\"recorded_at\":\"[^\"]*)\\.\\d{3}Z\"", "$1Z\""),
                s -> s.replaceFirst("(?<date>\"recorded_at\":\"[^\"]*T)\\d\\d", "${date}24"),
                s -> s.replaceFirst("(\"recorded_at\":\"[^\"]*)Z\"", "$1+01:00\""),
                s -> s.replaceFirst("\"occurred_at\":\"[^\"]*\",", ""),
                s -> s.replaceFirst("\"event\":\"\\w+\"", "\"event\":\"UPDATED\""),
                s -> upperCaseValue(s, "salt"),
                s -> s.replaceFirst("\"salt\":\"[0-9a-f]*\"", "\"salt\":\"00\""),
                s -> s.replaceFirst(",\"salt\":\"[0-9a-f]*\"", ""),
                s -> upperCaseValue(s, "leaf_hash"),
                s -> s.replaceFirst("\"leaf_hash\":\"[0-9a-f]*\"", "\"leaf_hash\":\"abc\""),
                s -> s.replaceFirst(",\"leaf_hash\":\"[0-9a-f]*\"", ""),
                s -> s.replaceFirst("\"action\":", "\"action\":\"dup\",\"action\":"),
                s -> s.replaceFirst("\"action\":\"[^\"]*\",", ""),
                s -> s.replaceFirst("\"action\":", "\"unknown\":1,\"action\":"),
                s -> s.replaceFirst("\"channel\":\"[^\"]*\"", "\"channel\":null"),
                s -> s.replaceFirst("\"channel\":\"[^\"]*\"", "\"channel\":7"),
                s -> s.replaceFirst("\"status\":", "\"description\":null,\"status\":"),
                s -> s.replaceFirst("\"status\":", "\"changes\":null,\"status\":"),
                s -> s.replaceFirst("\"status\":", "\"metadata\":\"text\",\"status\":"),
                s -> s.replaceFirst("\"status\":", "\"concerns\":[],\"status\":"),
                s -> s.replaceFirst("\"status\":", "\"actor\":{},\"target\":{},\"status\":"),
                s -> s.replace("\"actor\":{", "\"actor\":{\"type\":\"x\","),
                s -> s.replace(",\"", ", \""),
                s -> s.replace("\"id\":\"", "\"id\":\"\\u0041"),
                s -> s.replace("\"seq\":", "\"erased\":false,\"seq\":"),
                s -> s.replaceFirst(",\"leaf_version\":\\d+", ""),
                s -> s.contains("\"leaf_version\":1") ? s.replace("\"leaf_version\":1", "\"leaf_version\":2")
                        : s.replace("\"leaf_version\":2", "\"leaf_version\":1"),
                s -> s.replaceFirst("\"leaf_version\":(\\d)", "\"leaf_version\":$1.0"),
                s -> s.replaceFirst("\"leaf_version\":(\\d)", "\"leaf_version\":0$1"),
                s -> s.replaceFirst("\"leaf_version\":(\\d)", "\"leaf_version\":$10"),
                s -> s.replaceFirst("\"leaf_version\":(\\d)", "\"leaf_version\":\"$1\""),
                s -> s.replaceFirst("\"leaf_version\":\\d", "\"leaf_version\":3"),
                s -> s.replaceFirst("\"leaf_version\":(\\d)", "\"leaf_version\":$1,\"leaf_version\":$1"),
                s -> s.substring(0, s.length() - 1) + ",}",
                s -> "[" + s + "]");
        for (int i = 0; i < 3000; i++) {
            String json = EntryJson.toExportJson(entry(randomEvent(), random.nextInt(1000))).toString();
            agrees(edits.get(i % edits.size()).apply(json));
        }
    }

    @Test
    void agreesOnTimesWithAnyOtherByteAnywhere() {
        String json = EntryJson.toExportJson(entry(randomEvent(), 5)).toString();
        assertThat(agrees(json)).isTrue();
        int at = json.indexOf("\"recorded_at\":\"") + "\"recorded_at\":\"".length();
        String[] others = {"0", "1", "2", "3", "5", "9", "/", ":", ";", "-", "T", "t", ".", "Z", "z", " ", "a", "\u0000", "\u007f"};
        int taken = 0;
        for (int i = 0; i < 24; i++) {
            for (String other : others) if (agrees(json.substring(0, at + i) + other + json.substring(at + i + 1))) taken++;
            agrees(json.substring(0, at + i) + "é" + json.substring(Math.min(at + i + 2, json.length()))); // bytes above 0x7f
        }
        assertThat(taken).as("digits for digits, in range, are taken").isGreaterThan(24);
    }

    @Test
    void leavesObjectsWithManyMembersToTheGeneralPath() {
        String json = EntryJson.toExportJson(entry(randomEvent(), 7)).toString();
        for (int members : new int[] {256, 257, 5000}) {
            StringBuilder changes = new StringBuilder("{");
            for (int m = members; m > 0; m--) changes.append(m < members ? "," : "").append("\"k").append(m).append("\":").append(m);
            String withChanges = json.substring(0, json.length() - 1) + ",\"changes\":" + changes + "}}";
            assertThat(agrees(withChanges)).as("%d members taken the fast way", members).isEqualTo(members <= 256);
        }
    }

    @Test
    void declinesErasedEntriesForTheGeneralPath() {
        Event e = randomEvent();
        Entry erased = new Entry("t", "id-1", 3, Instant.parse("2026-11-20T10:00:00Z"), e, null, new byte[32], null);
        byte[] json = EntryJson.toExportJson(erased).toString().getBytes(StandardCharsets.UTF_8);
        assertThat(fast.read(json, 0, json.length)).isFalse();
    }

    private static String upperCaseValue(String json, String member) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + member + "\":\"([0-9a-f]*)\"").matcher(json);
        return m.find() ? json.substring(0, m.start(1)) + m.group(1).toUpperCase(Locale.ROOT) + json.substring(m.end(1)) : json;
    }

    /** An entry of either leaf encoding version: an export holds both after an upgrade. */
    private Entry entry(Event event, long seq) {
        Instant recorded = Instant.ofEpochMilli(random.nextLong(253_402_300_799_999L)); // years 1970 to 9999
        int version = random.nextBoolean() ? LeafEncoding.VERSION_1 : LeafEncoding.VERSION;
        Entry unhashed = new Entry("t", "id-" + seq, seq, recorded, event, salt(), null, null, version);
        return new Entry("t", unhashed.id(), seq, recorded, event, unhashed.salt(), null, LeafEncoding.leafHash(unhashed), version);
    }

    private byte[] salt() {
        byte[] salt = new byte[LeafEncoding.SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    private Event randomEvent() {
        List<Concern> concerns = new ArrayList<>();
        for (int c = random.nextInt(4); c > 0; c--) concerns.add(new Concern(maybe(), maybe(), maybe()));
        return new Event(text(), EventType.values()[random.nextInt(EventType.values().length)], text(), maybe(),
                random.nextBoolean() ? Instant.ofEpochMilli(random.nextLong(4_102_444_800_000L)) : null,
                random.nextBoolean() ? new Actor(maybe(), maybe(), maybe(), maybe()) : null,
                random.nextBoolean() ? new Target(maybe(), maybe(), maybe(), maybe()) : null,
                concerns, maybe(), maybe(), text(), null, null, maybe());
    }

    private String maybe() {
        return random.nextInt(3) == 0 ? null : text();
    }

    /** Mostly plain text, sometimes with a character that needs escaping or is beyond ASCII. */
    private String text() {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.append(PIECES[random.nextInt(100) > 0 ? random.nextInt(PLAIN) : random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    /** JSON text of an object with members in random order, nested values and numbers in many spellings. */
    private String rawObject(int depth) {
        StringBuilder s = new StringBuilder("{");
        int members = random.nextInt(5);
        for (int m = 0; m < members; m++) {
            if (m > 0) s.append(',');
            String[] names = {"b", "a", "new", "old", "Z", "a_b", "aa", "", "ab", "é"};
            s.append('"').append(names[random.nextInt(names.length)]).append("\":");
            int kind = random.nextInt(6);
            if (kind == 0 && depth < 3) {
                s.append(rawObject(depth + 1));
            } else if (kind == 1 && depth < 3) {
                s.append('[').append(rawObject(depth + 1)).append(',').append(rawValue()).append(']');
            } else {
                s.append(rawValue());
            }
        }
        return s.append('}').toString();
    }

    private String rawValue() {
        return RAW_VALUES[random.nextInt(20) > 0 ? random.nextInt(SIMPLE) : random.nextInt(RAW_VALUES.length)];
    }
}
