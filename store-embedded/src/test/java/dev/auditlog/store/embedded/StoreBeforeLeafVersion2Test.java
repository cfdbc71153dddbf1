package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.export.ExportVerifier;
import dev.auditlog.core.export.JsonExport;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by the release before leaf encoding version 2 (fixtures/README.md says how it was made):
 * its entries stay version 1 for good, new ones are version 2, and one log holding both verifies, erases and exports.
 */
class StoreBeforeLeafVersion2Test {
    private static final String URL_WITH_ADDRESS = "https://app.example.com/users/ada@example.com";

    @TempDir
    Path dir;

    @BeforeEach
    void unpackTheOlderReleasesStore() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/store-before-leaf-version-2.zip");
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry file; (file = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(file.getName()).normalize();
                if (!target.startsWith(dir)) throw new IOException("fixture entry outside its directory: " + file.getName());
                if (file.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    @Test
    void itsEntriesStayVersion1AndNewOnesAreVersion2InOneLogThatVerifies() throws IOException {
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertThat(entries(store)).hasSize(3).allSatisfy(e -> assertThat(e.leafVersion()).isEqualTo(LeafEncoding.VERSION_1));
            assertThat(store.verify("acme").ok()).isTrue();
            Entry appended = store.append("acme", List.of(viewedAda())).getFirst().entry();
            assertThat(appended.leafVersion()).isEqualTo(LeafEncoding.VERSION);
            assertThat(store.verify("acme").ok()).isTrue();
            assertExportVerifies(store, 4);
        }
        try (LogStore store = EmbeddedStore.open(dir)) {
            assertThat(entries(store)).extracting(Entry::leafVersion).containsExactly(2, 1, 1, 1);
            assertThat(store.verify("acme").ok()).isTrue();
        }
    }

    @Test
    void anErasureReachesTheUrlAndKeyOfNewEntriesOnlyAndEveryProofStillVerifies() throws IOException {
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.append("acme", List.of(viewedAda()));
            List<Entry> before = entries(store);
            Checkpoint cp = store.checkpoint("acme");

            Erasure erasure = store.erase("acme", "u_42");

            assertThat(erasure.entries()).isEqualTo(4);
            List<Entry> after = entries(store);
            Entry newView = after.getFirst(); // newest first
            assertThat(newView.leafVersion()).isEqualTo(2);
            assertThat(newView.event().target().url()).isEqualTo("https://app.example.com/users/" + erasure.pseudonym());
            assertThat(newView.event().idempotencyKey()).isEqualTo(erasure.pseudonym() + "-view-2");
            Entry oldView = after.get(2);
            assertThat(oldView.leafVersion()).isEqualTo(1);
            assertThat(oldView.event().target().url()).as("version 1 hashes it directly").isEqualTo(URL_WITH_ADDRESS);
            assertThat(oldView.event().target().name()).isEqualTo(erasure.pseudonym());
            for (Entry e : after) {
                String text = EntryJson.toExportJson(e).toString();
                assertThat(text).doesNotContain("Lovelace");
                if (e.leafVersion() == 2) assertThat(text).doesNotContain("ada@");
            }
            for (Entry original : before) {
                Entry now = store.entry("acme", original.id()).orElseThrow();
                assertThat(LeafEncoding.leafHash(now)).isEqualTo(original.leafHash());
                assertThat(Proofs.verifyInclusion(now.seq(), cp.size(), LeafEncoding.leafHash(now),
                        Proofs.inclusion(now.seq(), cp.size(), store.nodes("acme")), cp.rootHash())).isTrue();
            }
            assertThat(store.verify("acme").ok()).isTrue();
            assertExportVerifies(store, 4);
        }
    }

    private static Event viewedAda() {
        return new Event("user.viewed", EventType.READ, "crm", null, null, new Actor("user", "u_17", "Grace Hopper", null),
                new Target("user", "u_42", "Ada Lovelace", URL_WITH_ADDRESS), List.of(), null, null, Event.SUCCESS, null, null,
                "ada@example.com-view-2");
    }

    /** Every entry of the tenant, newest first. */
    private static List<Entry> entries(LogStore store) {
        List<Entry> all = new ArrayList<>();
        store.scan("acme", EntryQuery.all(), store.checkpoint("acme").size(), all::add);
        return all;
    }

    private static void assertExportVerifies(LogStore store, long entries) throws IOException {
        Checkpoint cp = store.checkpoint("acme");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonExport.write(out, "acme", Map.of(), cp, Instant.now(), sink -> store.scan("acme", EntryQuery.all(), cp.size(), sink),
                store.nodes("acme"), text -> store.signNote("acme", text));
        ExportVerifier.Result result = new ExportVerifier(cp.publicKey()).verify(new ByteArrayInputStream(out.toByteArray()));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(entries);
    }
}
