package dev.auditlog.server.internal.archive;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every tenant's entries, in seq order, to the archive its settings name, on one platform thread
 * of its own that polls every {@link #POLL}: ingest never waits for an archive. A failed batch is retried
 * with exponential back-off (up to {@link #MAX_BACKOFF}); the latest failure stays visible through
 * {@link #status} until a batch succeeds.
 */
public final class ArchiveDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveDelivery.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int BATCH = 500;

    /** The latest delivery failure of a tenant, cleared by the next success; {@code archive} is where it went. */
    public record Failure(String error, Instant at, int consecutive, Instant retryAt, Archive archive) {
    }

    private final LogStore store;
    private final ArchiveCursor cursor;
    private final Clock clock;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    /** The archive each tenant's latest successful delivery went to. */
    private final Map<String, Archive> succeeded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("auditlog-archive").daemon(true).unstarted(r));

    private ArchiveDelivery(LogStore store, Path stateDir, Clock clock) {
        this.store = store;
        this.cursor = new ArchiveCursor(stateDir);
        this.clock = clock;
    }

    /**
     * Starts delivering; cursors live under {@code stateDir}.
     *
     * @throws IllegalStateException when a tenant's cursor is past the end of its log: the store lost entries already
     *                               delivered (restored from an older backup), and delivering on would send other entries
     *                               under seqs the archive holds, and let the prune remove entries never delivered
     */
    public static ArchiveDelivery start(LogStore store, Path stateDir, Clock clock) {
        ArchiveDelivery delivery = new ArchiveDelivery(store, stateDir, clock);
        for (Tenant tenant : store.tenants()) delivery.requireCursorWithinLog(tenant.id());
        delivery.executor.scheduleWithFixedDelay(delivery::deliverAll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        return delivery;
    }

    private void requireCursorWithinLog(String tenant) {
        long delivered = cursor.next(tenant);
        long held = store.checkpoint(tenant).size();
        if (delivered <= held) return;
        Path file = cursor.file(tenant);
        throw new IllegalStateException("tenant " + tenant + ": " + file + " says the archive holds its entries up to seq "
                + (delivered - 1) + ", but the store holds only " + held + ": the store lost its newest entries, most likely "
                + "restored from an older backup. Delivering on would send other entries under seqs the archive already "
                + "holds. Restore the newest backup; or, to go on from this store, set aside what the archive holds from seq "
                + held + " on and move " + file + " away (delivery then starts again from seq 0)");
    }

    /**
     * The seq of the tenant's first entry not yet delivered; with no archive configured, every entry counts
     * as delivered.
     */
    public long undeliveredFrom(String tenant) {
        Archive archive = store.settings(tenant).archive();
        return Archive.NONE_TYPE.equals(archive.type()) ? Long.MAX_VALUE : cursor.next(tenant);
    }

    /** The latest failure to deliver to the tenant's archive as now configured (one to an earlier archive is history). */
    public Optional<Failure> status(String tenant) {
        Archive archive = store.settings(tenant).archive();
        return Optional.ofNullable(failures.get(tenant)).filter(f -> f.archive().equals(archive));
    }

    /**
     * Whether delivery to the tenant's archive as now configured has been tried: it succeeded, or {@link #status} holds its
     * failure. Until then (for a moment after the archive is set, or after a start) nothing is known about it.
     */
    public boolean tried(String tenant) {
        Archive archive = store.settings(tenant).archive();
        return archive.equals(succeeded.get(tenant)) || status(tenant).isPresent();
    }

    /** Tenants whose archive currently fails: for {@code /metrics}. */
    public int failingTenants() {
        return (int) failures.keySet().stream().filter(tenant -> status(tenant).isPresent()).count();
    }

    private void deliverAll() {
        for (Tenant tenant : store.tenants()) {
            Archive archive = store.settings(tenant.id()).archive();
            if (Archive.NONE_TYPE.equals(archive.type())) {
                failures.remove(tenant.id()); // no archive, nothing failing
                succeeded.remove(tenant.id());
                continue;
            }
            Failure failure = failures.get(tenant.id());
            if (failure != null && !failure.archive().equals(archive)) failure = null; // settings changed: try the new archive now
            if (failure != null && clock.instant().isBefore(failure.retryAt())) continue;
            try {
                deliver(tenant.id(), sink(archive));
                failures.remove(tenant.id());
                succeeded.put(tenant.id(), archive);
            } catch (IOException | RuntimeException e) {
                int n = failure == null ? 1 : failure.consecutive() + 1;
                Duration backoff = Duration.ofSeconds(1L << Math.min(n, 9));
                if (backoff.compareTo(MAX_BACKOFF) > 0) backoff = MAX_BACKOFF;
                Instant now = clock.instant();
                String error = describe(e);
                failures.put(tenant.id(), new Failure(error, now, n, now.plus(backoff), archive));
                LOG.warn("Archive delivery for tenant {} failed ({} in a row): {}", tenant.id(), n, error);
            }
        }
    }

    /**
     * A delivery failure in words an administrator can act on. Why: the JDK leaves the message of a refused
     * connection null and gives only the path as the message of a file-system error ("null", "/proc/nope").
     */
    static String describe(Throwable e) {
        String kind = switch (e) {
            case java.net.ConnectException c -> "could not connect";
            case java.net.http.HttpTimeoutException t -> "timed out";
            case java.net.UnknownHostException u -> "unknown host";
            case java.nio.file.NoSuchFileException f -> "no such file or directory";
            case java.nio.file.AccessDeniedException f -> "permission denied";
            case java.nio.file.FileSystemException f -> f.getReason() != null ? f.getReason() : "file system error";
            default -> null;
        };
        String detail = e instanceof java.nio.file.FileSystemException f ? f.getFile() : e.getMessage();
        Throwable cause = e.getCause();
        if (kind == null && cause != null && (detail == null || detail.equals(cause.toString()))) return describe(cause); // a mere wrapper
        if (kind == null) return detail != null ? detail : e.getClass().getSimpleName();
        return detail != null && !detail.isBlank() ? kind + ": " + detail : kind;
    }

    private ArchiveSink sink(Archive archive) {
        return switch (archive.type()) {
            case Archive.FILE_TYPE -> new FileSink(Path.of(archive.path()), clock);
            case Archive.WEBHOOK_TYPE -> new WebhookSink(archive.url(), archive.secret(), clock);
            default -> throw new IllegalStateException("unknown archive type " + archive.type());
        };
    }

    /** Delivers everything from the cursor up to the current checkpoint, batch by batch. */
    private void deliver(String tenant, ArchiveSink sink) throws IOException {
        long size = store.checkpoint(tenant).size();
        long next = cursor.next(tenant);
        while (next < size) {
            long from = next;
            List<Entry> batch = store.query(tenant, EntryQuery.all().withBeforeSeq(Math.min(size, from + BATCH)).withLimit(BATCH))
                    .entries().stream().filter(e -> e.seq() >= from).sorted(Comparator.comparingLong(Entry::seq)).toList();
            if (batch.isEmpty()) {
                // Entries pruned before an archive was configured: nothing left to deliver below the window.
                next = Math.min(size, from + BATCH);
            } else {
                sink.deliver(tenant, batch);
                next = batch.getLast().seq() + 1;
            }
            cursor.save(tenant, next);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
