package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.TestClock;
import dev.auditlog.store.embedded.internal.DuckDbStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin write (settings, a tenant, an erasure, a prune) whose DuckDB commit fails changes nothing, and the next
 * one works once the cause is gone, without a restart (black-box report F1: after one erasure failed on a full disk,
 * every later admin write answered 503 and yet took effect, without the entry recording it).
 *
 * <p>The failure is DuckDB's own: a directory stands where DuckDB writes its write-ahead log, so the commit cannot
 * write it ("Cannot open file …wal: Is a directory"), as a full disk fails that write ("Could not write file …wal: No
 * space left on device"). Both end DuckDB's transaction, roll it back and leave the JDBC connection believing one is
 * still open. Each test reopens the store first: a clean close folds the WAL into the database file and deletes it, so
 * DuckDB has none open when the directory takes its place (it keeps a WAL it has opened open).
 */
class FailedAdminWriteTest {
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
    private static final Actor ZED = new Actor("user", "u_zed", "Zed Zimmermann", null);

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(START);
    private LogStore store;

    @BeforeEach
    void openAfterACleanClose() {
        try (LogStore first = EmbeddedStore.open(dir, clock)) {
            first.createTenant(new Tenant("acme", "Acme", START));
            first.append("acme", IntStream.range(0, 5).mapToObj(i -> new Event("doc.viewed", EventType.READ, "docs",
                    "Zed Zimmermann viewed doc " + i, null, ZED, null, List.of(), null, null, Event.SUCCESS, null, null, null)).toList());
        }
        clock.advance(Duration.ofDays(40));
        store = EmbeddedStore.open(dir, clock);
    }

    @AfterEach
    void close() throws IOException {
        Files.deleteIfExists(wal());
        if (store != null) store.close();
    }

    @Test
    void settingsWhoseCommitFailedAreNotSavedNorRecordedAndTheNextSaveWorks() {
        Settings failed = new Settings(70, Settings.DEFAULT.tracking(), List.of(), Settings.DEFAULT.archive());
        Settings saved = new Settings(40, Settings.DEFAULT.tracking(), List.of(), Settings.DEFAULT.archive());

        failCommits(() -> store.saveSettings("acme", failed, s -> Optional.of(record("settings.updated"))));
        assertThat(store.settings("acme")).isEqualTo(Settings.DEFAULT);
        assertThat(entries()).hasSize(5);

        store.saveSettings("acme", saved, s -> Optional.of(record("settings.updated")));
        assertThat(store.settings("acme")).isEqualTo(saved);
        reopen();
        assertThat(store.settings("acme")).isEqualTo(saved);
        assertThat(entries()).hasSize(6);
    }

    @Test
    void aTenantWhoseCommitFailedIsNotCreatedAndTheNextOneIs() {
        failCommits(() -> store.createTenant(new Tenant("failed", "Failed", START)));
        assertThat(store.tenant("failed")).isEmpty();

        assertThat(store.createTenant(new Tenant("created", "Created", START))).isTrue();
        reopen();
        assertThat(store.tenants()).extracting(Tenant::id).containsExactly("acme", "created");
    }

    @Test
    void anErasureWhoseCommitFailedChangesNoEntryAndRecordsNothingAndTheNextOneErases() {
        failCommits(() -> store.erase("acme", "u_zed", done -> Optional.of(record("subject.erased"))));
        assertThat(entries()).hasSize(5).allMatch(e -> e.event().actor().equals(ZED));

        assertThat(store.erase("acme", "u_zed", done -> Optional.of(record("subject.erased"))).entries()).isEqualTo(5);
        reopen();
        assertThat(entries()).hasSize(6).filteredOn(e -> e.event().action().equals("doc.viewed"))
                .noneMatch(e -> e.event().description().contains("Zed"));
    }

    @Test
    void aPruneWhoseCommitFailedRemovesNothingAndRecordsNothingAndTheNextOneRemoves() {
        failCommits(() -> store.prune("acme", clock.instant(), removed -> Optional.of(record("retention.pruned"))));
        assertThat(entries()).hasSize(5);

        assertThat(store.prune("acme", clock.instant(), removed -> Optional.of(record("retention.pruned")))).isEqualTo(5);
        reopen();
        assertThat(entries()).extracting(e -> e.event().action()).containsExactly("retention.pruned");
        assertThat(store.verify("acme").ok()).isTrue();
    }

    /** Runs the write while DuckDB cannot write its WAL: it must fail as a store failure; then lets DuckDB write again. */
    private void failCommits(Runnable write) {
        try {
            assertThat(wal()).as("DuckDB has no WAL open to go on writing").doesNotExist();
            Files.createDirectory(wal());
            assertThatThrownBy(write::run).isInstanceOf(StoreException.class).hasStackTraceContaining("Is a directory");
            Files.delete(wal());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Event record(String action) {
        return new Event(action, EventType.DELETED, "audit", null, null, null, null, List.of(), null, null, Event.SUCCESS, null,
                null, null);
    }

    private List<Entry> entries() {
        return store.query("acme", EntryQuery.all()).entries();
    }

    private Path wal() {
        Path database = DuckDbStore.databaseFile(dir);
        return database.resolveSibling(database.getFileName() + ".wal");
    }

    private void reopen() {
        store.close();
        store = EmbeddedStore.open(dir, clock);
    }
}
