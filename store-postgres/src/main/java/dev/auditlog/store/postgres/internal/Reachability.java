package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL can be reached, as far as the store knows. Why: with the database gone, the connection pool
 * lets every request wait out its whole connection timeout (10 s) before it fails, {@code /healthz} included, so a
 * load balancer saw timeouts rather than 503s and clients hung. Once a request has seen the database unreachable
 * (its connection broke, or the pool could not make one), the store is <em>down</em>: each request then asks
 * PostgreSQL itself with one fresh connection that may take {@link Probe#TIMEOUT_SECONDS} at most (refused at once
 * while the server is stopped), and gets a 503 at once if it still fails. The first check that connects ends the
 * state, so no request is refused once PostgreSQL is back.
 *
 * <p>When it ends, the pool's connections are let go ({@code whenBack}): one made while the old server was shutting
 * down holds its "terminating connection" and would fail the first request after PostgreSQL is back.
 *
 * <p>Concurrent requests share the check under way rather than each opening a connection: a flood of requests
 * must not become a flood of connection attempts on a database that is starting up.
 */
final class Reachability {
    /** Opens and closes one connection outside the pool, failing within {@link #TIMEOUT_SECONDS}. */
    @FunctionalInterface
    interface Probe {
        int TIMEOUT_SECONDS = 2;

        void connect() throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    private final Probe probe;
    private final Runnable whenBack;
    /** Why PostgreSQL cannot be reached; null while it can, as far as anything has shown. */
    private volatile SQLException down;
    /** The check under way, which requests arriving meanwhile wait for; guarded by {@code this}. */
    private CompletableFuture<Optional<SQLException>> checking;

    /** @param whenBack run when the down state ends, before the request that ended it goes on */
    Reachability(Probe probe, Runnable whenBack) {
        this.probe = probe;
        this.whenBack = whenBack;
    }

    boolean isDown() {
        return down != null;
    }

    /**
     * Notes a failure of work on the database; one that says the database cannot be reached (a connection that
     * broke or could not be made, a server shutting down or starting up) makes the store down.
     */
    void failed(SQLException failure) {
        SQLException unreachable = unreachableIn(failure);
        if (unreachable != null && down == null) {
            down = unreachable;
            LOG.warn("PostgreSQL cannot be reached ({}); requests get a 503 until it answers again", unreachable.getMessage());
        }
    }

    /**
     * The failure in the chain that says the database cannot be reached, if one does: SQL state class 08 (connection
     * exception: refused, broken, the pool's timeout carries its cause's), or 57P01–57P03 (the server shutting down,
     * crashed, or starting up), or whatever refused the pool each connection it tried to make for its whole timeout (a
     * database that takes no connections, {@code ALTER DATABASE … ALLOW_CONNECTIONS false}, is 55000; a dropped one or
     * a changed password other states): a pool timeout with no such cause is a busy pool, not a lost database. The
     * innermost one, since it says most precisely why.
     */
    static SQLException unreachableIn(Throwable failure) {
        SQLException found = null;
        boolean connectionsRefused = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() instanceof SQLException) connectionsRefused = true;
            if (t instanceof SQLException e && (connectionsRefused || e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || e.getSQLState().matches("57P0[123]")))) {
                found = e;
            }
        }
        return found;
    }

    /** While the store is down, fails at once unless PostgreSQL answers a fresh connection now. */
    void refuseWhileDown() {
        if (down == null) return;
        check().ifPresent(failure -> {
            throw new StoreException("PostgreSQL cannot be reached", failure);
        });
    }

    /** Asks PostgreSQL now (or waits for the check under way) and answers why it cannot be reached, if it cannot. */
    Optional<SQLException> check() {
        CompletableFuture<Optional<SQLException>> result;
        boolean mine;
        synchronized (this) {
            mine = checking == null;
            if (mine) checking = new CompletableFuture<>();
            result = checking;
        }
        if (mine) {
            try {
                result.complete(probeNow());
            } catch (RuntimeException | Error e) { // those waiting must not wait forever
                result.completeExceptionally(e);
                throw e;
            } finally {
                synchronized (this) {
                    checking = null;
                }
            }
        }
        return result.join();
    }

    private Optional<SQLException> probeNow() {
        try {
            probe.connect();
        } catch (SQLException e) {
            failed(e);
            return Optional.of(e);
        }
        if (down != null) {
            whenBack.run();
            down = null;
            LOG.info("PostgreSQL answers again");
        }
        return Optional.empty();
    }
}
