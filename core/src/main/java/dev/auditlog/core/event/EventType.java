package dev.auditlog.core.event;

import java.util.Locale;
import java.util.Optional;

/** What kind of thing happened to the target. Shown as the coloured badge on the page. */
public enum EventType {
    CREATED, READ, UPDATED, DELETED, OTHER;

    /** The lower-case name used on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWire(String value) {
        for (EventType t : values()) {
            if (t.wire().equals(value)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
