package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auditlog.core.store.StoreGauge;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's memory lies outside the Java heap: a limit holds it, and /metrics shows both. */
class DuckDbMemoryTest {
    @Test
    void aStoreOpenedWithAMemoryLimitHoldsDuckDbToItAndShowsItAndWhatIsUsed(@TempDir Path dir) {
        try (DuckDbStore store = DuckDbStore.open(dir, Clock.systemUTC(), "300MB")) {
            assertThat(gauge(store, "auditlog.store.duckdb.memory.limit.bytes")).isCloseTo(300_000_000, within(300_000L));
            assertThat(gauge(store, "auditlog.store.duckdb.memory.used.bytes")).isNotNegative();
        }
    }

    @Test
    void withoutALimitDuckDbsOwnIsShown(@TempDir Path dir) {
        try (DuckDbStore store = DuckDbStore.open(dir, Clock.systemUTC(), null)) {
            assertThat(gauge(store, "auditlog.store.duckdb.memory.limit.bytes")).isGreaterThan(300_000_000);
        }
    }

    @Test
    void theLimitIsReadAsDuckDbWritesIt() {
        assertThat(DuckDbMemory.bytes("488.2 MiB")).isEqualTo(Math.round(488.2 * 1024 * 1024));
        assertThat(DuckDbMemory.bytes("18.8 GiB")).isEqualTo(Math.round(18.8 * 1024 * 1024 * 1024));
        assertThat(DuckDbMemory.bytes("2.0 GB")).isEqualTo(2_000_000_000L);
        assertThat(DuckDbMemory.bytes("512 bytes")).isEqualTo(512);
        assertThat(DuckDbMemory.bytes("unlimited")).isEqualTo(-1);
    }

    private static long gauge(DuckDbStore store, String name) {
        return store.gauges().stream().filter(g -> g.name().equals(name)).findFirst().map(StoreGauge::value).orElseThrow()
                .get().longValue();
    }
}
