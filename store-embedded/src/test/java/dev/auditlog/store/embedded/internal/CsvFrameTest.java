package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A frame splits where its NUL bytes are, and only when there are exactly as many as there are field boundaries. */
class CsvFrameTest {
    private static final int SEPARATORS = CsvFrame.Field.values().length - 1;

    @Test
    void separatorsAreFoundWhereverTheyAre() {
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            byte[] frame = new byte[random.nextInt(90)];
            for (int b = 0; b < frame.length; b++) frame[b] = (byte) (1 + random.nextInt(255));
            int zeros = Math.min(frame.length, SEPARATORS + random.nextInt(3) - 1);
            for (int k = 0; k < zeros; k++) frame[random.nextInt(frame.length)] = 0;
            List<Integer> expected = new ArrayList<>();
            for (int b = 0; b < frame.length; b++) if (frame[b] == 0) expected.add(b);
            int[] found = CsvFrame.separators(frame);
            if (expected.size() == SEPARATORS) {
                assertThat(found).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            } else {
                assertThat(found).isNull();
            }
        }
    }
}
