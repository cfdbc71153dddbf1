package dev.auditlog.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPruneTest {
    @TempDir
    Path dir;

    /** A tenant with 3 entries recorded 60 days ago, kept for 30 days. */
    private LogStore storeWithOldEntries() {
        Instant old = Instant.now().minus(Duration.ofDays(60));
        try (LogStore seeding = EmbeddedStore.open(dir, Clock.fixed(old, ZoneOffset.UTC))) {
            seeding.createTenant(new Tenant("acme", "Acme", old));
            seeding.append("acme", IntStream.range(0, 3).mapToObj(i -> new Event("old.event", EventType.OTHER, "default", null,
                    null, null, null, List.of(), null, null, Event.SUCCESS, null, null, null)).toList());
        }
        return EmbeddedStore.open(dir);
    }

    private static RetentionPrune prune(LogStore store) {
        return prune(store, Long.MAX_VALUE);
    }

    private static RetentionPrune prune(LogStore store, long undeliveredFrom) {
        return new RetentionPrune(store, new HttpMetrics(), Clock.systemUTC(), tenant -> undeliveredFrom);
    }

    private static JsonNode lastRunMetadata(LogStore store) {
        var recorded = store.query("acme", EntryQuery.all().withLimit(1)).entries().getFirst();
        assertThat(recorded.event().action()).isEqualTo("retention.pruned");
        return recorded.event().metadata();
    }

    private static long recordedRuns(LogStore store) {
        return store.query("acme", EntryQuery.all().withLimit(EntryQuery.MAX_LIMIT)).entries().stream()
                .filter(e -> e.event().action().equals("retention.pruned")).count();
    }

    @Test
    void aDailyRunThatRemovesNothingAddsNoEntryWhileARunAskedForIsAlwaysRecorded() {
        try (LogStore store = storeWithOldEntries()) {
            RetentionPrune prune = prune(store);

            assertThat(prune.runDaily("acme").removed()).as("the default retention keeps a year").isZero();
            assertThat(recordedRuns(store)).isZero();
            assertThat(prune.run("acme", Caller.MASTER).removed()).isZero();
            assertThat(recordedRuns(store)).isOne();
        }
    }

    @Test
    void aDailyRunThatRemovesEntriesIsRecordedWithWhatItRemoved() {
        try (LogStore store = storeWithOldEntries()) {
            store.saveSettings("acme", new Settings(30, Settings.DEFAULT.tracking(), List.of(), Settings.DEFAULT.archive()));

            assertThat(prune(store).runDaily("acme").removed()).isEqualTo(3);
            assertThat(lastRunMetadata(store).get("removed").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aRunHeldBackByTheArchiveSaysSoAndARunAskedForSaysWhoAskedForIt() {
        try (LogStore store = storeWithOldEntries()) {
            store.saveSettings("acme", new Settings(30, Settings.DEFAULT.tracking(), List.of(), Settings.DEFAULT.archive()));

            RetentionPrune.Result result = prune(store, 1).run("acme", Caller.MASTER);
            assertThat(result.removed()).as("seq 1 is not yet delivered, and seq 0 was recorded at the same time").isZero();
            assertThat(result.heldBackByArchive()).isTrue();
            JsonNode metadata = lastRunMetadata(store);
            assertThat(metadata.get("held_back_by_archive").asBoolean()).isTrue();
            assertThat(metadata.get("cutoff").asText()).as("now − retention_days").isEqualTo(Times.format(result.cutoff()));
            assertThat(result.removedBefore()).isBefore(result.cutoff());
            assertThat(metadata.get("removed_before").asText()).isEqualTo(Times.format(result.removedBefore()));
            assertThat(metadata.get("requested_by").asText()).isEqualTo(Caller.MASTER.actor().id());
        }
    }
}
