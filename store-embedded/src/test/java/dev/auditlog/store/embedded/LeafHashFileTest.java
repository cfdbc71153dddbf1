package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.Tenant;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proofs read leaf hashes from a flat file first; the file is a cache the store does not trust. Whatever
 * happens to it — damaged, missing, shorter than the log — every proof still verifies.
 */
class LeafHashFileTest {
    private static final int ENTRIES = 1_000;

    @TempDir
    Path dir;

    private Path leafFile() {
        return dir.resolve("leaves").resolve("acme.leaves");
    }

    @BeforeEach
    void seed() {
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            SampleEvents sample = new SampleEvents(9);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < ENTRIES; i++) events.add(sample.next(Instant.now().minusSeconds(60)));
            store.append("acme", events.subList(0, 600));
            store.append("acme", events.subList(600, ENTRIES));
        }
    }

    private static void assertEveryProofVerifies(LogStore store) {
        Checkpoint cp = store.checkpoint("acme");
        List<Entry> all = new ArrayList<>();
        store.scan("acme", EntryQuery.all(), cp.size(), all::add);
        assertThat(all).hasSize(ENTRIES);
        for (Entry e : all) {
            List<byte[]> proof = Proofs.inclusion(e.seq(), cp.size(), store.nodes("acme"));
            assertThat(Proofs.verifyInclusion(e.seq(), cp.size(), e.leafHash(), proof, cp.rootHash())).as("seq %d", e.seq()).isTrue();
        }
    }

    @Test
    void theFileHoldsEveryLeafHashAfterAppends() throws Exception {
        assertThat(Files.size(leafFile())).isEqualTo(ENTRIES * 32L);
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertEveryProofVerifies(store);
        }
    }

    /** A tenant whose file cannot be opened (here a directory stands in its place) opens, or is created, all the same. */
    @Test
    void aFileThatCannotBeOpenedLeavesTheTenantWorkingOnTheDatabase() throws Exception {
        Files.delete(leafFile());
        Files.createDirectory(leafFile());
        Files.createDirectory(dir.resolve("leaves").resolve("globex.leaves"));
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertEveryProofVerifies(store);
            assertThat(store.createTenant(new Tenant("globex", "Globex", Instant.now()))).isTrue();
            store.append("globex", List.of(new SampleEvents(3).next(Instant.now())));
            Checkpoint cp = store.checkpoint("globex");
            List<byte[]> proof = Proofs.inclusion(0, cp.size(), store.nodes("globex"));
            Entry first = store.query("globex", EntryQuery.all()).entries().getLast();
            assertThat(Proofs.verifyInclusion(0, cp.size(), first.leafHash(), proof, cp.rootHash())).isTrue();
        }
    }

    /** An open file per tenant, kept for good, made the open-files limit a limit on the number of tenants. */
    @Test
    void noLeafFileStaysOpenBetweenAppendsAndProofs() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertEveryProofVerifies(store);
            store.append("acme", List.of(new SampleEvents(4).next(Instant.now())));
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                assertThat(fds.map(fd -> fd.toFile().toPath()).filter(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().endsWith(".leaves");
                    } catch (java.io.IOException gone) {
                        return false;
                    }
                })).isEmpty();
            }
        }
    }

    /**
     * A database restored from an older backup has lost entries it acknowledged: going on would give new entries their
     * seqs and fork the signed log. The leaf file, appended only once a batch is durable, still counts them: the store
     * refuses to open, saying what happened and what to do, until the operator chooses.
     */
    @Test
    void aDatabaseOlderThanTheLogItAcknowledgedRefusesToOpenRatherThanForkIt() throws Exception {
        Path database = EmbeddedStore.databaseFile(dir);
        Path backup = Files.copy(database, dir.resolve("backup.duckdb"));
        try (LogStore store = EmbeddedStore.open(dir)) {
            SampleEvents sample = new SampleEvents(5);
            List<Event> more = new ArrayList<>();
            for (int i = 0; i < 200; i++) more.add(sample.next(Instant.now()));
            store.append("acme", more);
        }
        Files.copy(backup, database, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("tenant acme: the database holds " + ENTRIES + " entries, but " + (ENTRIES + 200) + " were acknowledged")
                .hasMessageContaining("restored from an older backup")
                .hasMessageEndingWith("move " + leafFile() + " away");
        Files.move(leafFile(), dir.resolve("acme.leaves.set-aside"));
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertThat(store.checkpoint("acme").size()).as("the operator chose to go on from the backup").isEqualTo(ENTRIES);
            assertEveryProofVerifies(store);
        }
    }

    @Test
    void aDamagedFileIsIgnoredWhereItDisagreesWithTheTree() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(leafFile().toFile(), "rw")) {
            f.seek(300 * 32L + 5); // inside tile 1
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertEveryProofVerifies(store);
        }
    }

    @Test
    void aMissingOrShortFileIsRebuiltFromTheDatabaseOnOpen() throws Exception {
        Files.delete(leafFile());
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertEveryProofVerifies(store);
        }
        assertThat(Files.size(leafFile())).isEqualTo(ENTRIES * 32L);
        try (RandomAccessFile f = new RandomAccessFile(leafFile().toFile(), "rw")) {
            f.setLength(100 * 32L + 7); // as if the last writes never reached the disk, one torn
        }
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertEveryProofVerifies(store);
        }
        assertThat(Files.size(leafFile())).isEqualTo(ENTRIES * 32L);
    }
}
