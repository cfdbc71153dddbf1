package dev.auditlog.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static String canonical(String json) throws Exception {
        return new String(CanonicalJson.encode(MAPPER.readTree(json)), StandardCharsets.UTF_8);
    }

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and the text ECMAScript prints for them. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void numbersPrintAsEcmaScriptDoesForAppendixBSamples(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(CanonicalJson.number(d)).isEqualTo(expected);
        assertThat(new String(CanonicalJson.encode(JSON.numberNode(d)), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "1e21, 1e+21",
        "1e20, 100000000000000000000",
        "1e-7, 1e-7",
        "0.000001, 0.000001",
        "1.5e-7, 1.5e-7",
        "123.456, 123.456",
        "-0.0, 0",
        "4.50, 4.5",
        "2e-3, 0.002",
        "1E30, 1e+30",
        "100, 100",
        "-12, -12",
        "9007199254740993, 9007199254740992",
        "-9007199254740993, -9007199254740992",
        "123456789012345678901234567890, 1.2345678901234568e+29",
    })
    void numbersInJsonTextAreCanonicalisedThroughDouble(String in, String expected) throws Exception {
        assertThat(canonical(in)).isEqualTo(expected);
    }

    @Test
    void rejectsNonFiniteNumbers() {
        assertThatThrownBy(() -> CanonicalJson.encode(JSON.numberNode(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(JSON.numberNode(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(JSON.numberNode(BigInteger.TEN.pow(400))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void integersBeyondTwoToThe53AreRoundedLikeDoubles() {
        assertThat(CanonicalJson.encode(JSON.numberNode(9007199254740993L)))
                .isEqualTo("9007199254740992".getBytes(StandardCharsets.US_ASCII));
        assertThat(CanonicalJson.encode(JSON.numberNode(Long.MAX_VALUE)))
                .isEqualTo("9223372036854776000".getBytes(StandardCharsets.US_ASCII));
    }

    /** The sample of RFC 8785 §3.2.2 (whitespace, literals, numbers and string escapes). */
    @Test
    void matchesRfc8785SampleObject() throws Exception {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        assertThat(canonical(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    /** The sorting sample of RFC 8785 §3.2.3: members ordered by UTF-16 code units, not code points. */
    @Test
    void sortsMembersByUtf16CodeUnitsAsInRfc8785() throws Exception {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        assertThat(canonical(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void escapesOnlyQuoteBackslashAndC0ControlsWithLowerCaseHex() {
        String all = "\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028</script>é";
        assertThat(new String(CanonicalJson.encode(JSON.textNode(all)), StandardCharsets.UTF_8))
                .isEqualTo("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028</script>é\"");
    }

    @Test
    void writesNonAsciiAsRawUtf8() {
        String s = "aé€\uD83D\uDE00";
        assertThat(CanonicalJson.encode(JSON.textNode(s))).isEqualTo(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThatThrownBy(() -> CanonicalJson.encode(JSON.textNode("a\uD800b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(JSON.textNode("\uDC00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(JSON.textNode("why?\uDC00?"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesPlainAsciiAsItIsAndEscapesOnlyWhatJcsEscapes() {
        String s = "what? 100% \u007f ok";
        assertThat(CanonicalJson.encode(JSON.textNode(s))).isEqualTo(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8));
        assertThat(new String(CanonicalJson.encode(JSON.textNode("a\"b\\c\n\u0001?")), StandardCharsets.UTF_8))
                .isEqualTo("\"a\\\"b\\\\c\\n\\u0001?\"");
    }

    @Test
    void sortsNestedObjectsAndKeepsArrayOrder() throws Exception {
        assertThat(canonical(" { \"b\" : [3, {\"z\":1, \"a\":[]}, 1], \"a\" : {} } "))
                .isEqualTo("{\"a\":{},\"b\":[3,{\"a\":[],\"z\":1},1]}");
    }

    @Test
    void growsBeyondItsInitialBuffer() throws Exception {
        String big = "x".repeat(10_000);
        JsonNode node = MAPPER.readTree("{\"k\":\"" + big + "\"}");
        assertThat(CanonicalJson.encode(node)).hasSize(10_000 + 8);
    }

    @Test
    void theWriterProducesTheSameBytesAsEncodingTheTree() throws Exception {
        byte[] written = new CanonicalJson.Writer().beginObject()
                .name("a").beginArray().string("x").number(2).beginObject().name("k").string(null).endObject().endArray()
                .name("b").value(MAPPER.readTree("{\"z\":1,\"y\":[true,1.5]}"))
                .stringIfPresent("c", null)
                .name("d").string("\u00e9\n")
                .endObject().toByteArray();
        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(canonical("{\"d\":\"\u00e9\\n\",\"b\":{\"y\":[true,1.5],\"z\":1},\"a\":[\"x\",2,{\"k\":null}]}"));
    }

    @Test
    void theWriterWritesEveryNameTheSameWayWhetherItKeepsItsBytesOrNot() {
        // More distinct names than the writer keeps, each written twice, escapes and non-ASCII among them.
        var tree = JsonNodeFactory.instance.objectNode();
        String[] names = new String[1_000];
        for (int i = 0; i < names.length; i++) names[i] = String.format("n%04d%s", i, i % 7 == 0 ? "\"\u00e9\n" : "");
        for (int round = 0; round < 2; round++) {
            CanonicalJson.Writer w = new CanonicalJson.Writer().beginObject();
            for (String name : names) {
                w.name(name).number(name.length());
                tree.put(name, name.length());
            }
            assertThat(w.endObject().toByteArray()).isEqualTo(CanonicalJson.encode(tree));
        }
    }

    @Test
    void theWriterRefusesMembersOutOfOrder() {
        CanonicalJson.Writer w = new CanonicalJson.Writer().beginObject().name("b").string("1");
        assertThatThrownBy(() -> w.name("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("JCS order");
    }

    @Test
    void theWriterSplitsADocumentAtGapsForValuesFilledInLater() {
        CanonicalJson.Writer w = new CanonicalJson.Writer().beginObject().name("a");
        byte[] head = w.gap();
        byte[] tail = w.name("b").number(1).endObject().sinceLastGap();
        assertThat(new String(head, StandardCharsets.UTF_8) + "7" + new String(tail, StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":7,\"b\":1}");
    }
}
