package dev.auditlog.server.internal.web;

import dev.auditlog.core.settings.Archive;
import dev.auditlog.server.internal.archive.ArchiveDelivery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the settings page says about delivery to the tenant's archive: the state the API answers as
 * {@code archive.delivery}, read from the same {@link ArchiveDelivery#status} (the latest failure, kept until a
 * batch succeeds), with how far delivery has got. While an archive fails, the entries it has not taken wait: the
 * retention prune never removes an entry not yet delivered, so the page says that too.
 *
 * @param delivered          entries delivered so far (the seq of the first one not yet delivered)
 * @param entries            entries in the log
 * @param tried              whether delivery to the archive as configured has been tried (until then nothing is known)
 * @param error              why the latest delivery failed, null while delivery works
 * @param failedAt           when it failed (UTC, to the second)
 * @param consecutiveFailures failed attempts in a row
 * @param retryAt            when delivery is tried again
 */
public record ArchiveDeliveryView(long delivered, long entries, boolean tried, String error, String failedAt,
                                  int consecutiveFailures, String retryAt) {
    /** The view for a tenant's archive, or null when the tenant has none. */
    static ArchiveDeliveryView of(ArchiveDelivery delivery, String tenant, Archive archive, long entries) {
        if (Archive.NONE_TYPE.equals(archive.type())) return null;
        long delivered = Math.min(entries, delivery.undeliveredFrom(tenant));
        Optional<ArchiveDelivery.Failure> failure = delivery.status(tenant);
        return failure.map(f -> new ArchiveDeliveryView(delivered, entries, true, f.error(), time(f.at()), f.consecutive(), time(f.retryAt())))
                .orElseGet(() -> new ArchiveDeliveryView(delivered, entries, delivery.tried(tenant), null, null, 0, null));
    }

    public boolean failing() {
        return error != null;
    }

    /** The entries waiting for delivery, in words ("1 entry", "6 entries"). */
    public String waiting() {
        return inWords(Math.max(0, entries - delivered));
    }

    /** The entries in the log, in words. */
    public String total() {
        return inWords(entries);
    }

    public boolean allDelivered() {
        return delivered >= entries;
    }

    /** The failed attempts in a row, in words. */
    public String attempts() {
        return Plural.of(consecutiveFailures, "failed attempt");
    }

    private static String inWords(long n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
