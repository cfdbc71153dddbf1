package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class RejectedWhileStoppingTest {
    private final LoggerContext context = new LoggerContext();
    private final RejectedWhileStopping filter = new RejectedWhileStopping();

    @Test
    void helidonsErrorForAConnectionArrivingWhileTheServerStopsIsDropped() {
        assertThat(filter.decide(event(RejectedWhileStopping.LOGGER, RejectedWhileStopping.MESSAGE))).isEqualTo(FilterReply.DENY);
    }

    @Test
    void everyOtherLineOfTheListenerAndTheSameWordsElsewhereAreKept() {
        assertThat(filter.decide(event(RejectedWhileStopping.LOGGER, "Failed to accept connection"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("dev.auditlog.server.AuditlogServer", RejectedWhileStopping.MESSAGE))).isEqualTo(FilterReply.NEUTRAL);
    }

    private LoggingEvent event(String logger, String message) {
        return new LoggingEvent(RejectedWhileStoppingTest.class.getName(), context.getLogger(logger), Level.ERROR, message,
                new RejectedExecutionException("executor shut down"), null);
    }
}
