package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/** A flood of failures reaches the log as one line per kind and interval, saying what failed and why, with no stack trace. */
class FailureFloodTest {
    private final Queue<SubstituteLoggingEvent> logged = new ConcurrentLinkedQueue<>();
    private final FailureFlood flood = recordedFlood(60_000);

    private FailureFlood recordedFlood(long intervalMillis) {
        return new FailureFlood(new EventRecordingLogger(new SubstituteLogger("test", logged, false), logged), intervalMillis);
    }

    @Test
    void aFailureIsOneErrorLineNamingItAndItsRootCauseWithTheStackTraceOnlyAtDebugLevel() {
        StoreException failure = new StoreException("could not store the events", new IOException("wrapped",
                new ConnectException("Connection refused")));

        flood.error(failure, "append batch of {} requests failed", 3);

        List<SubstituteLoggingEvent> errors = errors();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(format(e)).isEqualTo("append batch of 3 requests failed: dev.auditlog.core.store.StoreException: "
                    + "could not store the events, caused by java.net.ConnectException: Connection refused");
            assertThat(e.getThrowable()).isNull();
        });
        assertThat(logged).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getThrowable()).isSameAs(failure);
        });
    }

    @Test
    void theSameKindWithinTheIntervalIsNotLoggedAgain() {
        for (int i = 0; i < 100; i++) {
            flood.error(new StoreException("could not store the events", new ConnectException("Connection refused")), "failed");
        }

        assertThat(errors()).hasSize(1);
    }

    @Test
    void anotherKindIsLoggedAtOnceThoughOneWasJustLogged() {
        flood.error(new StoreException("could not store the events", new ConnectException("Connection refused")), "failed");
        flood.error(new StoreException("could not store the events", new EOFException()), "failed");

        assertThat(errors()).hasSize(2);
    }

    @Test
    void theNextLineOfAKindCountsThoseNotLogged() throws InterruptedException {
        FailureFlood shortFlood = recordedFlood(100);
        for (int i = 0; i < 4; i++) shortFlood.error(new IllegalStateException("full"), "failed");
        Thread.sleep(150);
        shortFlood.error(new IllegalStateException("full"), "failed");

        assertThat(errors()).extracting(FailureFloodTest::format).containsExactly(
                "failed: java.lang.IllegalStateException: full",
                "failed: java.lang.IllegalStateException: full (and 3 more failures like it since the last one logged)");
    }

    private List<SubstituteLoggingEvent> errors() {
        return logged.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    private static String format(SubstituteLoggingEvent e) {
        return MessageFormatter.arrayFormat(e.getMessage(), e.getArgumentArray()).getMessage();
    }
}
