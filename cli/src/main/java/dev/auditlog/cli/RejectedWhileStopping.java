package dev.auditlog.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Helidon's ERROR, with a stack trace, for a connection accepted in the instant between the server's stop and its
 * listening socket closing: its executor, already shut down, rejects the connection, which Helidon then closes. That is
 * a client arriving during a clean stop (a SIGTERM under load, every rolling deploy), not a fault, and the client sees a
 * closed connection it retries elsewhere. Helidon's executor rejects nothing at any other time: it starts a virtual
 * thread per connection.
 */
public final class RejectedWhileStopping extends Filter<ILoggingEvent> {
    static final String LOGGER = "io.helidon.webserver.ServerListener";
    static final String MESSAGE = "Executor rejected handler for new connection";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return LOGGER.equals(event.getLoggerName()) && MESSAGE.equals(event.getMessage()) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
