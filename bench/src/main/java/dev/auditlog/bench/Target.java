package dev.auditlog.bench;

import java.util.Locale;

/** A figure's goal from the benchmark issue: at least or at most a value. */
record Target(boolean atLeast, double value) {
    static Target atLeast(double value) {
        return new Target(true, value);
    }

    static Target atMost(double value) {
        return new Target(false, value);
    }

    boolean met(double measured) {
        return atLeast ? measured >= value : measured <= value;
    }

    @Override
    public String toString() {
        return (atLeast ? "≥ " : "≤ ") + Report.format(value, Locale.ROOT);
    }
}
