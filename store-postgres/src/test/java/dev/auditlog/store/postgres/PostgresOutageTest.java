package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.Tenant;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops under a running store and starts again: meanwhile the health check and every request fail within
 * seconds (a load balancer's timeout, a client's patience) instead of waiting out the pool's 10 s, and the first
 * request after PostgreSQL is back succeeds.
 */
class PostgresOutageTest {
    /**
     * What "promptly" means here: without waiting out the pool's 10 s connection timeout, as every request did. Not a
     * performance figure (those are the benchmarks'): a bound far enough from both the 2 s of a fresh connection's
     * attempt and those 10 s that a loaded machine does not make it flaky.
     */
    private static final Duration PROMPTLY = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void whilePostgresIsStoppedEverythingFailsPromptlyAndOnceItIsBackNothingIsRefused() throws Exception {
        Path data = dir.resolve("pg");
        int port = freePort();
        EmbeddedPostgres pg = start(data, port);
        try (LogStore store = PostgresStore.open(pg.getJdbcUrl("postgres", "postgres"), dir.resolve("keys"), Clock.systemUTC())) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            store.append("acme", List.of(event(1)));

            pg.close();

            Optional<String> problem = timed(store::problem);
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).startsWith("no connection to PostgreSQL"));
            assertThatThrownBy(() -> timed(() -> store.append("acme", List.of(event(2)))))
                    .isInstanceOf(StoreException.class).hasMessage("PostgreSQL cannot be reached");
            assertThatThrownBy(() -> timed(() -> store.query("acme", EntryQuery.all())))
                    .isInstanceOf(StoreException.class).hasMessage("PostgreSQL cannot be reached");

            pg = start(data, port);

            assertThat(store.append("acme", List.of(event(3)))).singleElement()
                    .satisfies(a -> assertThat(a.entry().seq()).isEqualTo(1));
            assertThat(store.problem()).isEmpty();
        } finally {
            pg.close();
        }
    }

    private static <T> T timed(Supplier<T> request) {
        long start = System.nanoTime();
        try {
            return request.get();
        } finally {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        }
    }

    /** A PostgreSQL server on a data directory that outlives it, so that it can be started again where it was. */
    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Event event(int n) {
        return new Event("user.created", EventType.CREATED, "default", "User " + n + " created", null, null, null,
                List.of(), null, null, "success", null, null, null);
    }
}
