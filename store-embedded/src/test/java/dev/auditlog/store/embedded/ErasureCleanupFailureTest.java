package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Tenant;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure that committed is done even when the raw copies of what it rewrote cannot be dropped after it (the journal
 * takes no new segment, {@link BlockedJournal}): it is answered and recorded, the next admin write works, and the raw
 * copies go at the next erasure or start. Such a failure answered 503 for an applied erasure, lost its
 * {@code subject.erased} entry, and left the raw name in the journal and the WAL for good (black-box report F2).
 */
class ErasureCleanupFailureTest {
    static final String NAME = "Zed Zimmermann";
    private static final Actor ZED = new Actor("user", "u_zed", NAME, "zed@example.org");

    @TempDir
    Path dir;

    @Test
    void anErasureWhoseRawCopiesCannotBeDroppedIsAnsweredAndRecordedAndTheNextAdminWriteWorks() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir)) {
            seed(store);
            try (BlockedJournal blocked = BlockedJournal.block(dir)) {
                assertThat(erase(store).entries()).isEqualTo(5);

                assertThat(records(store)).singleElement().satisfies(e -> assertThat(e.event().metadata().get("entries").asLong()).isEqualTo(5));
                assertThat(store.query("acme", EntryQuery.all()).entries()).noneMatch(e -> NAME.equals(e.event().actor().name()));
                assertThat(DataFiles.containing(dir, NAME)).as("the raw copies the failed cleanup left").isNotEmpty();
                Settings settings = new Settings(40, Settings.DEFAULT.tracking(), List.of(), Settings.DEFAULT.archive());
                store.saveSettings("acme", settings);
                assertThat(store.settings("acme")).isEqualTo(settings);
            }
        }
    }

    @Test
    void theNextErasureDropsTheRawCopiesAFailedCleanupLeft() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir)) {
            seed(store);
            try (BlockedJournal blocked = BlockedJournal.block(dir)) {
                erase(store);
            }

            assertThat(store.erase("acme", "u_nobody").entries()).isZero();

            assertThat(DataFiles.containing(dir, NAME)).isEmpty();
        }
    }

    @Test
    void theNextStartDropsTheRawCopiesOfAnErasureWhoseProcessWasKilledBeforeDroppingThem() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UnfinishedErasureChild.class.getName(),
                dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.lines().filter(line -> line.startsWith("erased ")).findFirst()).contains("erased 5"); // after its log lines
        } finally {
            child.destroyForcibly(); // SIGKILL on POSIX
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        BlockedJournal.unblock(dir);
        assertThat(DataFiles.containing(dir, NAME)).as("control: the kill left raw copies").isNotEmpty();

        try (LogStore store = EmbeddedStore.open(dir)) {
            assertThat(DataFiles.containing(dir, NAME)).isEmpty();
            assertThat(records(store)).hasSize(1);
            assertThat(store.verify("acme").ok()).isTrue();
        }
    }

    /** Tenant acme with five entries by Zed. */
    static void seed(LogStore store) {
        store.createTenant(new Tenant("acme", "Acme", Instant.now()));
        store.append("acme", IntStream.range(0, 5).mapToObj(i -> new Event("doc.viewed", EventType.READ, "docs",
                NAME + " viewed doc " + i, null, ZED, null, List.of(), "198.51.100.4", null, Event.SUCCESS, null, null, null)).toList());
    }

    /** Erases Zed, recorded as the server records an erasure. */
    static Erasure erase(LogStore store) {
        return store.erase("acme", "u_zed", done -> Optional.of(new Event("subject.erased", EventType.DELETED, "gdpr",
                "Personal data of " + done.pseudonym() + " erased", null, new Actor("user", "u_admin", "Admin", null),
                new Target("subject", done.pseudonym(), null, null), List.of(), null, null, Event.SUCCESS, null,
                JsonNodeFactory.instance.objectNode().put("entries", done.entries()), null)));
    }

    private static List<Entry> records(LogStore store) {
        return store.query("acme", new QueryParameters(Clock.systemUTC()).parse(Map.of("action", "subject.erased"))).entries();
    }
}
