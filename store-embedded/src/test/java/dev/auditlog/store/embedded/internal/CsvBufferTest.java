package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.auditlog.core.export.CsvExport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link CsvBuffer} writes a cell's bytes as the generic path writes the cell's string: neutralised, then FastCSV. */
class CsvBufferTest {
    private static final String[] PIECES = {"a", "é", "😀", "\"", ",", "\r", "\n", "\t", "=", "+", "-", "@", "#", "'", " ", "x,y", "\u0000"};

    /** The generic path's bytes for a row of these cells. */
    private static byte[] fastCsv(String... cells) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter csv = CsvWriter.builder().build(out, StandardCharsets.UTF_8);
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) row[i] = CsvExport.neutralise(cells[i]);
        csv.writeRecord(row);
        try {
            csv.flush();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] buffer(String... cells) throws Exception {
        CsvBuffer buffer = new CsvBuffer();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) buffer.separator();
            byte[] bytes = cells[i].getBytes(StandardCharsets.UTF_8);
            buffer.cell(bytes, 0, bytes.length, i == 0);
        }
        buffer.endRow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffer.drainTo(out);
        return out.toByteArray();
    }

    @Test
    void cellsAreNeutralisedAndQuotedAsTheGenericPathDoes() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            String[] cells = new String[1 + random.nextInt(3)];
            for (int c = 0; c < cells.length; c++) {
                StringBuilder s = new StringBuilder();
                for (int n = random.nextInt(12); n > 0; n--) s.append(PIECES[random.nextInt(PIECES.length)]);
                cells[c] = s.toString();
            }
            assertThat(buffer(cells)).as(String.join("|", cells)).isEqualTo(fastCsv(cells));
        }
    }

    @Test
    void theQuoteTestFindsEachSpecialByteAtEveryPosition() {
        for (int length = 0; length < 40; length++) {
            byte[] plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".substring(0, length).getBytes(StandardCharsets.US_ASCII);
            assertThat(CsvBuffer.needsQuotes(plain, 0, length)).isFalse();
            for (int at = 0; at < length; at++) {
                for (byte special : new byte[] {'"', ',', '\r', '\n'}) {
                    byte[] b = plain.clone();
                    b[at] = special;
                    assertThat(CsvBuffer.needsQuotes(b, 0, length)).isTrue();
                    assertThat(CsvBuffer.needsQuotes(b, 0, at)).isFalse();
                }
            }
        }
    }
}
