package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.export.CsvExport;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store writes the CSV export from its columns, not from entries ({@code LogStore#exportCsv}); the
 * bytes must be exactly those of the generic path ({@link CsvExport} over {@code scan}) for every entry and
 * every filter.
 */
class CsvExportTest {
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
    private static final String TENANT = "acme";

    @TempDir
    static Path dir;
    private static final TestClock clock = new TestClock(START);
    private static LogStore store;
    /** The size of the varied log, before any test appends more. */
    private static long size;

    /** A varied log over several days, more entries than one scan window, with a subject erased. */
    @BeforeAll
    static void seedVariedLog() {
        store = EmbeddedStore.open(dir, clock);
        store.createTenant(new Tenant(TENANT, "Acme", START));
        store.createTenant(new Tenant("other", "Other", START));
        VariedEvents events = new VariedEvents(42);
        for (int day = 0; day < 5; day++) {
            for (int batch = 0; batch < 14; batch++) store.append(TENANT, events.next(1_000));
            clock.advance(Duration.ofDays(1));
        }
        store.append("other", events.next(50));
        store.erase(TENANT, VariedEvents.SUBJECT);
        size = store.checkpoint(TENANT).size();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static byte[] fast(EntryQuery query, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = store.exportCsv(TENANT, query, size, out);
        assertThat(lines(out.toByteArray())).isEqualTo(n + 1);
        return out.toByteArray();
    }

    private static byte[] generic(EntryQuery query, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvExport.write(out, sink -> store.scan(TENANT, query, size, sink));
        return out.toByteArray();
    }

    /** Rows, counting each CRLF that ends one (a CRLF inside a quoted cell is escaped as part of a longer run). */
    private static long lines(byte[] csv) {
        long rows = 0;
        boolean quoted = false;
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '"') quoted = !quoted;
            else if (!quoted && csv[i] == '\n') rows++;
        }
        return rows;
    }

    private static void assertSameBytes(byte[] fast, byte[] generic, String what) {
        if (!java.util.Arrays.equals(fast, generic)) {
            int at = java.util.Arrays.mismatch(fast, generic);
            int from = Math.max(0, at - 200);
            throw new AssertionError(what + ": the exports differ at byte " + at + "\nfast:    "
                    + new String(fast, from, Math.min(400, fast.length - from), StandardCharsets.UTF_8) + "\ngeneric: "
                    + new String(generic, from, Math.min(400, generic.length - from), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theExportOfAVariedLogIsByteForByteTheGenericOne() {
        byte[] fast = fast(EntryQuery.all(), size);
        assertSameBytes(fast, generic(EntryQuery.all(), size), "no filter");
        assertThat(lines(fast)).isEqualTo(size + 1);
        assertThat(new String(fast, StandardCharsets.UTF_8)).startsWith("\uFEFFid,seq,recorded_at,occurred_at,");
    }

    @Test
    void everyFilterSelectsAndWritesTheSameRowsAsTheGenericPath() {
        QueryParameters parameters = new QueryParameters(clock);
        List<Map<String, String>> filters = List.of(
                Map.of("q", "quote"), Map.of("q", "\""), Map.of("event", "updated"), Map.of("channel", "pii-read"),
                Map.of("action", "x"), Map.of("actor", "system"), Map.of("actor", VariedEvents.SUBJECT),
                Map.of("actor_type", "integration"), Map.of("target_type", "user"), Map.of("concerns", VariedEvents.SUBJECT),
                Map.of("status", "error"), Map.of("ip", "2001:db8::1"), Map.of("from", "2026-11-04", "to", "2026-11-05"),
                Map.of("event", "read", "status", "success", "q", "a"), Map.of("action", "no.such.action"));
        for (Map<String, String> filter : filters) {
            EntryQuery query = parameters.parse(filter);
            assertSameBytes(fast(query, size), generic(query, size), "filter " + filter);
        }
    }

    @Test
    void onlyEntriesBelowTheSnapshotAreExported() {
        store.append(TENANT, new VariedEvents(7).next(300));
        byte[] fast = fast(EntryQuery.all(), size);
        assertSameBytes(fast, generic(EntryQuery.all(), size), "snapshot");
        assertThat(lines(fast)).isEqualTo(size + 1);
        assertSameBytes(fast(EntryQuery.all(), 1_000), generic(EntryQuery.all(), 1_000), "a small snapshot");
        assertSameBytes(fast(EntryQuery.all(), 0), generic(EntryQuery.all(), 0), "an empty snapshot");
    }

    @Test
    void anExportTheClientAbandonsFreesTheReadThreads() {
        for (int i = 0; i < 6; i++) { // more abandoned exports than the pool has threads
            assertThatThrownBy(() -> store.exportCsv(TENANT, EntryQuery.all(), size, new OutputStream() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 300_000) throw new IOException("connection reset by peer");
                }
            })).hasRootCauseMessage("connection reset by peer");
        }
        assertSameBytes(fast(EntryQuery.all(), size), generic(EntryQuery.all(), size), "after abandoned exports");
    }
}
