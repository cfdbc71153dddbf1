package dev.auditlog.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How failures of the server's parts reach a client. */
class ProblemResponsesTest {
    @Test
    void aStoreThatCannotWriteIsA503SayingWhyAndToAnAppendThatARetryIsSafe() {
        StoreException failure = new StoreException("could not store the events", new IOException("No space left on device"));

        ApiProblem append = ProblemResponses.toProblem(failure, true);
        assertThat(append.status()).isEqualTo(503);
        assertThat(append.detail()).isEqualTo("the store could not answer (could not store the events: no space left on device); "
                + "try again later (an append retried with the same idempotency key is never stored twice)");
        assertThat(ProblemResponses.toProblem(failure, false).detail())
                .isEqualTo("the store could not answer (could not store the events: no space left on device); try again later");
    }

    @Test
    void aFileTheStoreMayNotWriteIsNamedWithTheReason() {
        ApiProblem problem = ProblemResponses.toProblem(new StoreException("cannot load or create the signing key keys/rot.key",
                new AccessDeniedException("keys/.rot.123.tmp")), false);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).startsWith("the store could not answer (cannot load or create the signing key keys/rot.key: "
                + "permission denied)");
    }

    @Test
    void aDatabasesOwnMessageStaysInTheLog() {
        ApiProblem problem = ProblemResponses.toProblem(new StoreException("could not read from the store",
                new SQLException("syntax error at or near \"SELEC\" in SELEC * FROM entries")), false);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).doesNotContain("SELEC").contains("could not read from the store");
    }

    @Test
    void anythingElseIsA500WithoutDetail() {
        ApiProblem problem = ProblemResponses.toProblem(new IllegalStateException("internal detail"), false);

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).doesNotContain("internal detail");
    }
}
