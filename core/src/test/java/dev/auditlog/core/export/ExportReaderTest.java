package dev.auditlog.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader hands out each value's bytes intact, including from read buffers it reuses once told it may. */
class ExportReaderTest {
    @Test
    void valuesReadThroughReusedBuffersAreIntact() throws IOException {
        List<String> values = new ArrayList<>();
        StringBuilder doc = new StringBuilder("[");
        for (int i = 0; i < 40_000; i++) { // about 8 MB: many read buffers
            String value = "{\"n\":" + i + ",\"text\":\"" + "abcdefghij".repeat(i % 37) + "\"}";
            values.add(value);
            doc.append(i == 0 ? "\n" : "\n,").append(value);
        }
        doc.append("\n]");
        ExportReader reader = new ExportReader(new ByteArrayInputStream(doc.toString().getBytes(StandardCharsets.UTF_8)));
        Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<byte[]> pending = new ArrayList<>(); // buffers of values read but not yet "checked", oldest first
        List<int[]> ranges = new ArrayList<>();
        boolean reused = false;
        reader.expect('[');
        int i = 0;
        do {
            int end = reader.lineValueEnd();
            byte[] buf = reader.buffer();
            if (seen.add(buf) || pending.contains(buf)) {
                // new, or still held
            } else {
                reused = true;
            }
            pending.add(buf);
            ranges.add(new int[] {reader.position(), end});
            reader.skipTo(end);
            if (pending.size() > 3000) { // check the oldest values, in order, as the verifier does
                for (int k = 0; k < 1000; k++) {
                    int[] r = ranges.removeFirst();
                    byte[] b = pending.removeFirst();
                    assertThat(new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8)).isEqualTo(values.get(i++));
                    reader.checked(b);
                }
            }
        } while (reader.take(','));
        reader.expect(']');
        while (!ranges.isEmpty()) {
            int[] r = ranges.removeFirst();
            byte[] b = pending.removeFirst();
            assertThat(new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8)).isEqualTo(values.get(i++));
        }
        assertThat(i).isEqualTo(values.size());
        assertThat(reused).as("a buffer was filled again").isTrue();
    }
}
