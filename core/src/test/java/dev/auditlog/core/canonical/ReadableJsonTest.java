package dev.auditlog.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadableJsonTest {
    @Test
    void aDecimalJavaWouldWriteWithAnExponentIsWrittenAsECMAScriptDoes() {
        assertThat(ReadableJson.decimal(12345678.9)).isEqualTo("12345678.9");
        assertThat(ReadableJson.decimal(0.0001)).isEqualTo("0.0001");
        assertThat(ReadableJson.decimal(-1.5e-7)).isEqualTo("-1.5e-7");
        assertThat(ReadableJson.decimal(1.5e300)).isEqualTo("1.5e+300");
        assertThat(ReadableJson.decimal(Double.MIN_VALUE)).isEqualTo("5e-324");
    }

    @Test
    void aWholeNumberStaysADecimalAndOtherDecimalsAreWrittenAsJavaDoes() {
        assertThat(ReadableJson.decimal(1e7)).isEqualTo("10000000.0");
        assertThat(ReadableJson.decimal(100.0)).isEqualTo("100.0");
        assertThat(ReadableJson.decimal(9999999.99)).isEqualTo("9999999.99");
        assertThat(ReadableJson.decimal(-0.5)).isEqualTo("-0.5");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsWrittenAsItselfNotAsEscapedSurrogates() throws Exception {
        String written = ReadableJson.newMapper().writeValueAsString(java.util.Map.of("d", "Deployed \uD83D\uDE80 by \uD83D\uDC69\u200D\uD83D\uDCBB"));
        assertThat(written).isEqualTo("{\"d\":\"Deployed \uD83D\uDE80 by \uD83D\uDC69\u200D\uD83D\uDCBB\"}");
        byte[] bytes = ReadableJson.newMapper().writeValueAsBytes(java.util.Map.of("d", "\uD83D\uDE80"));
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"d\":\"\uD83D\uDE80\"}");
    }

    @Test
    void everyDoubleReadsBackAsItself() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) continue;
            assertThat(Double.parseDouble(ReadableJson.decimal(d))).as(Double.toString(d)).isEqualTo(d);
        }
    }
}
