package dev.auditlog.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.store.StoreException;
import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** When the store takes PostgreSQL for gone, and how it finds it back. */
class ReachabilityTest {
    private static final SQLException REFUSED = new PSQLException("Connection to localhost:5432 refused.",
            PSQLState.CONNECTION_UNABLE_TO_CONNECT);

    private final AtomicInteger probes = new AtomicInteger();
    private volatile SQLException probeFails = REFUSED;
    private final AtomicInteger poolsLetGo = new AtomicInteger();
    private final Reachability reachability = new Reachability(() -> {
        probes.incrementAndGet();
        if (probeFails != null) throw probeFails;
    }, poolsLetGo::incrementAndGet);

    @Test
    void aBrokenConnectionMakesTheStoreDownAndRequestsFailAtOnceWhilePostgresStillRefuses() {
        reachability.failed(new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE, new EOFException()));

        assertThat(reachability.isDown()).isTrue();
        assertThatThrownBy(reachability::refuseWhileDown).isInstanceOf(StoreException.class)
                .hasMessage("PostgreSQL cannot be reached").hasCause(REFUSED);
    }

    @Test
    void thePoolsTimeoutWithAConnectionFailureUnderneathMakesTheStoreDown() {
        reachability.failed(new SQLTransientConnectionException("auditlog-postgres - Connection is not available", "08001", REFUSED));

        assertThat(reachability.isDown()).isTrue();
    }

    /** A database that takes no connections (ALLOW_CONNECTIONS false): every request waited out the pool's 10 s. */
    @Test
    void thePoolsTimeoutWithAnyRefusalUnderneathMakesTheStoreDown() {
        SQLException notAccepting = new SQLException("FATAL: database \"audit\" is not currently accepting connections", "55000");
        reachability.failed(new SQLTransientConnectionException("auditlog-postgres - Connection is not available, request "
                + "timed out after 10013ms", "55000", notAccepting));

        assertThat(reachability.isDown()).isTrue();
        assertThat((Object) Reachability.unreachableIn(new SQLTransientConnectionException("timed out", "55000", notAccepting)))
                .isSameAs(notAccepting);
        probeFails = notAccepting;
        assertThatThrownBy(reachability::refuseWhileDown).isInstanceOf(StoreException.class)
                .hasMessage("PostgreSQL cannot be reached");
    }

    @Test
    void aServerShuttingDownMakesTheStoreDown() {
        reachability.failed(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));

        assertThat(reachability.isDown()).isTrue();
    }

    @Test
    void aFailureOfTheWorkItselfOrABusyPoolDoesNotMakeTheStoreDown() {
        reachability.failed(new PSQLException("syntax error", PSQLState.SYNTAX_ERROR));
        reachability.failed(new SQLTransientConnectionException("auditlog-postgres - Connection is not available"));

        assertThat(reachability.isDown()).isFalse();
        assertThatCode(reachability::refuseWhileDown).doesNotThrowAnyException();
        assertThat(probes).hasValue(0);
    }

    @Test
    void theFirstCheckThatConnectsEndsTheDownStateSoNoRequestIsRefusedOncePostgresIsBack() {
        reachability.failed(REFUSED);
        probeFails = null;

        assertThatCode(reachability::refuseWhileDown).doesNotThrowAnyException();
        assertThat(reachability.isDown()).isFalse();
        assertThatCode(reachability::refuseWhileDown).doesNotThrowAnyException();
        assertThat(probes).hasValue(1);
        assertThat(poolsLetGo).as("connections from before the outage let go, once").hasValue(1);
    }

    @Test
    void requestsArrivingDuringACheckWaitForItRatherThanOpenConnectionsOfTheirOwn() throws Exception {
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Reachability slow = new Reachability(() -> {
            probes.incrementAndGet();
            probing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw REFUSED;
        }, () -> { });
        slow.failed(REFUSED);
        Thread first = Thread.ofVirtual().start(() -> slow.check());
        assertThat(probing.await(5, TimeUnit.SECONDS)).isTrue();
        Thread[] others = new Thread[10];
        for (int i = 0; i < others.length; i++) others[i] = Thread.ofVirtual().start(() -> slow.check());
        Thread.sleep(100);
        release.countDown();

        first.join();
        for (Thread t : others) t.join();
        assertThat(probes.get()).isLessThanOrEqualTo(2); // the first check, and at most one started after it ended
    }
}
