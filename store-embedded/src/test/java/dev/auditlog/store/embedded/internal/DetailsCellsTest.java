package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DetailsCells} copies a JSON cell from the stored text only when Jackson, reading and writing it as the
 * generic path does, would give back the same text; anything else makes the row take the generic path.
 */
class DetailsCellsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DetailsCells read(String details) {
        DetailsCells cells = new DetailsCells();
        byte[] bytes = ("##" + details + "##").getBytes(StandardCharsets.UTF_8); // a field inside a longer frame
        return cells.read(bytes, 2, bytes.length - 4) ? cells : null;
    }

    private static String text(DetailsCells.Span span) {
        return span.length < 0 ? null : new String(span.bytes, span.offset, span.length, StandardCharsets.UTF_8);
    }

    /** What the generic path writes for a JSON cell: the value read by Jackson, written by Jackson. */
    private static String rewritten(String json) throws Exception {
        return JSON.writeValueAsString(JSON.readTree(json));
    }

    @Test
    void everyStringAsJacksonWritesItIsCopiedAsStored() throws Exception {
        for (int c = 0; c <= 0x10FFFF; c += c < 0x3000 ? 1 : c < 0x10000 ? 7 : 4099) {
            if (Character.isSurrogate((char) c) && c < 0x10000) continue;
            String s = "a" + Character.toString(c) + "b";
            ObjectNode details = JSON.createObjectNode();
            details.putObject("changes").put(s, s);
            details.put("actor_name", s);
            DetailsCells cells = read(details.toString());
            assertThat(cells).as("U+%04X", c).isNotNull();
            assertThat(text(cells.changes)).as("U+%04X", c).isEqualTo(rewritten(details.get("changes").toString()));
            assertThat(text(cells.actorName)).as("U+%04X", c).isEqualTo(s);
        }
    }

    @Test
    void numbersAreCopiedExactlyWhenJacksonWouldWriteThemBackTheSame() throws Exception {
        Random random = new Random(5);
        List<String> tokens = new java.util.ArrayList<>(List.of("0", "-0", "1", "-1", "10", "9223372036854775807",
                "-9223372036854775808", "123456789012345678901234567890", "1.5", "-0.0", "0.0", "1.0E300", "1e300",
                "1E+300", "1.50", "100.0", "1.0E7", "10000000.0", "1.0E-5", "0.00001", "0.001", "4.9E-324", "1e400",
                "1.7976931348623157E308", "12345678.9"));
        for (int i = 0; i < 2_000; i++) {
            double d = random.nextDouble() * Math.pow(10, random.nextInt(60) - 30) * (random.nextBoolean() ? 1 : -1);
            tokens.add(Double.toString(d));
            tokens.add(new java.math.BigDecimal(d).round(new java.math.MathContext(1 + random.nextInt(20))).toString());
        }
        for (String token : tokens) {
            String array = "[" + token + "]";
            boolean same = rewritten(array).equals(array);
            DetailsCells cells = read("{\"metadata\":{\"n\":" + token + "}}");
            assertThat(cells != null).as(token).isEqualTo(same);
            if (same) assertThat(text(cells.metadata)).isEqualTo("{\"n\":" + token + "}");
        }
    }

    @Test
    void theCellsAreFoundWhereverTheyStandAndAbsentOnesAreEmpty() {
        DetailsCells cells = read("{\"actor_name\":\"Grace \\\"Amazing\\\" Hopper\\n\",\"actor_email\":\"g@example.com\","
                + "\"target_name\":null,\"target_url\":\"https://x.example/1\",\"concerns\":[{\"type\":\"user\",\"id\":\"u_1\"},{}],"
                + "\"user_agent\":\"curl\",\"occurred_ms\":-62167219200001,\"changes\":{\"a\":[1,{\"b\":null}]},"
                + "\"metadata\":null,\"personal_commitment\":\"00ff\"}");
        assertThat(text(cells.actorName)).isEqualTo("Grace \"Amazing\" Hopper\n");
        assertThat(text(cells.actorEmail)).isEqualTo("g@example.com");
        assertThat(text(cells.targetName)).isNull();
        assertThat(text(cells.concerns)).isEqualTo("[{\"type\":\"user\",\"id\":\"u_1\"},{}]");
        assertThat(cells.hasOccurred).isTrue();
        assertThat(cells.occurredMs).isEqualTo(-62167219200001L);
        assertThat(text(cells.changes)).isEqualTo("{\"a\":[1,{\"b\":null}]}");
        assertThat(text(cells.metadata)).isNull();

        DetailsCells none = read("{}");
        assertThat(none.hasOccurred).isFalse();
        for (DetailsCells.Span span : List.of(none.actorName, none.actorEmail, none.targetName, none.concerns, none.changes, none.metadata)) {
            assertThat(span.length).isNegative();
        }
    }

    @Test
    void namesAreUnescapedAsJsonReadsThem() throws Exception {
        for (String escaped : List.of("\\u0041\\/\\b\\f\\n\\r\\t", "\\ud83d\\ude00 and \\u00e9", "\\\\\\\"", "é😀")) {
            String json = "\"" + escaped + "\"";
            DetailsCells cells = read("{\"actor_name\":" + json + "}");
            assertThat(text(cells.actorName)).isEqualTo(JSON.readTree(json).textValue());
        }
    }

    @Test
    void detailsTheGenericPathWouldReadOrWriteOtherwiseAreDeclined() {
        String deep = "[".repeat(80) + "]".repeat(80);
        for (String details : List.of(
                "{\"changes\":{\"a\":\"\\u0041\"}}",          // an escape Jackson does not write
                "{\"changes\":{\"a\":\"\\/\"}}",
                "{\"changes\":{\"a\":\"\\u001f\"}}",          // lower-case hex
                "{\"changes\":{\"a\":\"\\u000a\"}}",          // \n written long
                "{\"changes\":{\"a\":\"\u0001\"}}",           // a raw control character
                "{\"changes\":{\"a\": 1}}",                   // white space
                "{\"changes\":{\"a\":01}}",
                "{\"changes\":\"text\"}",                     // a value, which the generic path writes as text
                "{\"changes\":7}",
                "{\"metadata\":" + deep + "}",
                "{\"concerns\":[]}",                          // the generic path writes no concerns at all
                "{\"concerns\":[{\"id\":\"u\",\"type\":\"user\"}]}",  // rebuilt in the order type, id, name
                "{\"concerns\":[{\"type\":null}]}",
                "{\"concerns\":[{\"type\":\"a\",\"type\":\"b\"}]}",
                "{\"concerns\":[{\"role\":\"a\"}]}",
                "{\"concerns\":{}}",
                "{\"occurred_ms\":1.5}",
                "{\"occurred_ms\":\"5\"}",
                "{\"occurred_ms\":99999999999999999999}",
                "{\"actor_name\":5}",
                "{\"actor_name\":\"\\ud83d\"}",                // a lone surrogate
                "{\"actor\\u005fname\":\"x\"}",               // an escaped member name
                "{\"salt\":\"0g\"}",
                "{\"salt\":\"abc\"}",
                "{\"changes\":{}} ",
                "{\"changes\":{}",
                "[]",
                "")) {
            assertThat(read(details)).as(details).isNull();
        }
    }

    @Test
    void theGenericReadersDetailsAreAllAccepted() {
        JsonNode changes = JSON.createObjectNode().put("status", "sent").set("n", JSON.createArrayNode().add(1).add(2.5).add(true).addNull());
        ObjectNode details = JSON.createObjectNode();
        details.put("actor_name", "A").put("actor_email", "a@example.com").put("target_name", "T").put("target_url", "https://t.example/")
                .put("user_agent", "UA").put("occurred_ms", 1_764_000_000_000L);
        details.putArray("concerns").addObject().put("type", "user").put("id", "u").put("name", "N");
        details.set("changes", changes);
        details.set("metadata", JSON.createObjectNode().put("request_id", "r-1"));
        details.put("salt", "00112233445566778899aabbccddeeff");
        assertThat(read(details.toString())).isNotNull();
    }
}
