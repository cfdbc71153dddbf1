package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a client reads when its body is not strict JSON: plain words, never the parser's class or switch names. */
class MalformedJsonTest {
    private final EventParser parser = new EventParser(Clock.systemUTC());

    private String detail(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return catchThrowableOfType(EventValidationException.class, () -> parser.parse(bytes, false))
                .errors().getFirst().detail();
    }

    static Stream<Arguments> commonMistakes() {
        return Stream.of(
                Arguments.of("{\"action\":\"a1\"}{\"action\":\"a2\"}",
                        "malformed JSON at line 1, column 16: a second JSON value follows the first; only one is allowed"),
                Arguments.of("{\"action\":\"a\",\"metadata\":" + "{\"a\":".repeat(64) + "1" + "}".repeat(65),
                        "malformed JSON: JSON nested deeper than 64 levels"),
                Arguments.of("{\"n\":NaN}", "malformed JSON at line 1, column 9: NaN and Infinity are not JSON numbers"),
                Arguments.of("{\"n\":-Infinity}", "malformed JSON at line 1, column 15: NaN and Infinity are not JSON numbers"),
                Arguments.of("{/* note */\"action\":\"a\"}", "malformed JSON at line 1, column 2: comments are not allowed in JSON"),
                Arguments.of("{\"action\":\"a\"\n// note\n}", "malformed JSON at line 2, column 1: comments are not allowed in JSON"),
                Arguments.of("{\"n\":+1}", "malformed JSON at line 1, column 7: Unexpected character ('+' (code 43)) "
                        + "in numeric value: JSON spec does not allow numbers to have plus signs"),
                Arguments.of("{\"action\":", "malformed JSON at line 1, column 11: Unexpected end-of-input within/between Object entries"),
                Arguments.of("{\"action\":\"a\"", "malformed JSON at line 1, column 14: Unexpected end-of-input: "
                        + "expected close marker for Object (start marker at [line: 1, column: 1])"));
    }

    @ParameterizedTest
    @MethodSource("commonMistakes")
    void aCommonMistakeIsNamedInPlainWordsWithItsPlace(String body, String expected) {
        assertThat(detail(body)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("commonMistakes")
    void noDetailNamesTheParsersInternals(String body, String ignored) {
        assertThat(detail(body)).doesNotContain("`", "com.fasterxml", "Feature", "StreamReadConstraints", "JsonNode");
    }

    @ParameterizedTest
    @MethodSource("commonMistakes")
    void everyNdjsonLineIsDescribedTheSameWay(String body, String expected) {
        byte[] bytes = body.replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        String detail = catchThrowableOfType(EventValidationException.class, () -> parser.parse(bytes, true))
                .errors().getFirst().detail();
        assertThat(detail).startsWith("line 1: malformed JSON").endsWith(expected.substring(expected.indexOf(": ") + 2));
    }
}
