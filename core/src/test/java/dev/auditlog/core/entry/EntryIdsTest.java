package dev.auditlog.core.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EntryIdsTest {
    @Test
    void saltsDrawnInBulkAreNeverHandedOutTwiceEvenToConcurrentCallers() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int callers = 16;
        int each = 2_000; // several refills of the bulk buffer per caller
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = IntStream.range(0, callers).<Future<?>>mapToObj(c -> pool.submit(() -> {
                for (int i = 0; i < each; i++) seen.add(HexFormat.of().formatHex(EntryIds.newSalt()));
            })).toList();
            for (Future<?> f : running) f.get();
        }
        assertThat(seen).hasSize(callers * each);
    }

    @Test
    void aSaltIsSixteenBytesThatLookRandom() {
        byte[] salt = EntryIds.newSalt();
        assertThat(salt).hasSize(EntryIds.SALT_SIZE);
        Set<Byte> distinct = new HashSet<>();
        for (int i = 0; i < 64; i++) for (byte b : EntryIds.newSalt()) distinct.add(b);
        assertThat(distinct).as("1,024 random bytes take most of the 256 values").hasSizeGreaterThan(200);
    }
}
