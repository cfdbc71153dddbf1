package dev.auditlog.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.erasure.SubjectScrubber;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.postgres.PostgresStore;
import dev.auditlog.store.postgres.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The erasure's rewrite checks that it rewrote every entry it scrubbed. A retention prune may commit between the
 * erasure's scan and its rewrite (the PostgreSQL store does not serialise the two): what the prune removed needs
 * no erasing, and must not fail the erasure; any other row not where it was read still must.
 */
class ErasedRowsTest {
    @TempDir
    Path dir;

    @Test
    void entriesAPruneRemovedAfterTheErasureReadThemNeedNoRewriteButAnyOtherMissingRowFailsIt() throws SQLException {
        String url = TestDatabases.fresh();
        List<Entry> scrubbed = new ArrayList<>();
        try (LogStore store = PostgresStore.open(url, dir, Clock.systemUTC())) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            Event login = new Event("user.login", EventType.OTHER, "auth", "Ada Lovelace signed in", null,
                    new Actor("user", "u_42", "Ada Lovelace", "ada@example.com"), null, List.of(), null, null, Event.SUCCESS,
                    null, null, null);
            List<Entry> read = store.append("acme", Collections.nCopies(3, login)).stream().map(Appended::entry).toList();
            SubjectScrubber scrubber = new SubjectScrubber("u_42", "subject-0123456789ab");
            read.forEach(scrubber::learn);
            read.forEach(e -> scrubber.scrub(e).ifPresent(scrubbed::add));
            store.prune("acme", Instant.now().plusSeconds(60)); // after the erasure read them: all three go
        }
        Entry neverThere = scrubbed.getFirst();
        neverThere = new Entry(neverThere.tenant(), neverThere.id(), 99, neverThere.recordedAt(), neverThere.event(), null,
                neverThere.personalCommitment(), neverThere.leafHash());
        List<Entry> withOneNeverThere = new ArrayList<>(scrubbed);
        withOneNeverThere.add(neverThere);

        assertThatCode(() -> rewrite(url, scrubbed)).doesNotThrowAnyException();
        assertThatThrownBy(() -> rewrite(url, withOneNeverThere)).isInstanceOf(SQLException.class)
                .hasMessage("the erasure rewrote 0 entries of 4 it scrubbed");
    }

    /** The rewrite as the store's erasure runs it, rolled back. */
    private static void rewrite(String url, List<Entry> scrubbed) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (Statement flag = c.createStatement()) {
                flag.execute("SET LOCAL auditlog.erase = on");
            }
            ErasedRows rows = ErasedRows.open(c);
            rows.add(scrubbed);
            try {
                rows.applyTo("acme", scrubbed.size());
            } finally {
                c.rollback();
            }
        }
    }
}
