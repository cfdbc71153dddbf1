package dev.auditlog.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.pool.HikariPool;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** A store URL that cannot work is refused in one line that says what to fix, and never repeats a password. */
class ConnectFailureTest {
    @Test
    void aPortOutsideTheRangeIsNamedBeforeTheDriverTriesIt() {
        assertThat(ConnectFailure.inUrl("jdbc:postgresql://127.0.0.1:99999/db?user=a&password=secret"))
                .hasValue("port 99999 in the URL is not a port number (1-65535)");
    }

    @Test
    void aUserBeforeTheHostIsRefusedWithTheFormTheDriverReadsAndWithoutThePassword() {
        assertThat(ConnectFailure.inUrl("jdbc:postgresql://al:s3cretpw@127.0.0.1:5432/db")).hasValueSatisfying(reason -> {
            assertThat(reason).contains("?user=…&password=…");
            assertThat(reason).doesNotContain("s3cretpw");
        });
    }

    @Test
    void aUsualUrlHasNothingWrongBeforeConnecting() {
        assertThat(ConnectFailure.inUrl("jdbc:postgresql://db1:5432,db2/audit?user=a&password=p@ss:1")).isEmpty();
        assertThat(ConnectFailure.inUrl("jdbc:postgresql://[::1]:5432/audit")).isEmpty();
        assertThat(ConnectFailure.inUrl("jdbc:postgresql:audit")).isEmpty();
    }

    @Test
    void anUnknownHostIsSaidSo() {
        assertThat(ConnectFailure.reason(pool(new PSQLException("The connection attempt failed.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new UnknownHostException("nohost.invalid"))))).isEqualTo("unknown host nohost.invalid");
    }

    @Test
    void aMissingPasswordIsSaidSo() {
        assertThat(ConnectFailure.reason(pool(new PSQLException(
                "The server requested SCRAM-based authentication, but no password was provided by plugin null",
                PSQLState.CONNECTION_REJECTED)))).isEqualTo("PostgreSQL asks for a password and the URL gives none (add &password=… to it)");
    }

    @Test
    void aServersErrorWithItsDetailIsOneLine() {
        ServerErrorMessage error = new ServerErrorMessage(
                "SFATAL\0C22023\0Minvalid value for parameter \"search_path\": \"x y\"\0DList syntax is invalid.\0");

        assertThat(ConnectFailure.reason(pool(new PSQLException(error))))
                .isEqualTo("invalid value for parameter \"search_path\": \"x y\" (List syntax is invalid.)");
    }

    @Test
    void aRefusedConnectionKeepsTheDriversWords() {
        assertThat(ConnectFailure.reason(pool(new PSQLException("Connection to 127.0.0.1:1 refused.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT)))).isEqualTo("Connection to 127.0.0.1:1 refused.");
    }

    /** How the pool hands over a failure to connect when it starts. */
    private static HikariPool.PoolInitializationException pool(Exception cause) {
        return new HikariPool.PoolInitializationException(cause);
    }
}
