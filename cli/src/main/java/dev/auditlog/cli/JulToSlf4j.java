package dev.auditlog.cli;

import io.helidon.logging.common.spi.LoggingProvider;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends java.util.logging, which Helidon logs through, to SLF4J and so to Logback, where every other line goes.
 * Also Helidon's logging provider (registered in META-INF/services): without one, Helidon prints "There is no
 * Helidon logging implementation on classpath" to stderr at start-up, past every logging setting.
 */
public final class JulToSlf4j implements LoggingProvider {
    /** Routes java.util.logging's root logger to SLF4J, once. */
    static void install() {
        if (SLF4JBridgeHandler.isInstalled()) return;
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @Override
    public void initialization() {
        install();
    }

    @Override
    public void runTime() {
        install();
    }
}
