package dev.auditlog.core.event;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What kind of thing happened to the target. Shown as the coloured badge on the page. */
public enum EventType {
    CREATED, READ, UPDATED, DELETED, OTHER;

    private static final Map<String, EventType> VERBS = Map.ofEntries(
            Map.entry("created", CREATED), Map.entry("create", CREATED),
            Map.entry("updated", UPDATED), Map.entry("update", UPDATED),
            Map.entry("deleted", DELETED), Map.entry("delete", DELETED),
            Map.entry("removed", DELETED), Map.entry("remove", DELETED),
            Map.entry("read", READ), Map.entry("viewed", READ), Map.entry("view", READ),
            Map.entry("accessed", READ), Map.entry("exported", READ), Map.entry("downloaded", READ));

    /** Computed once: every event sealed asks for it, twice. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used on the wire. */
    public String wire() {
        return wire;
    }

    public static Optional<EventType> fromWire(String value) {
        for (EventType t : values()) {
            if (t.wire().equals(value)) return Optional.of(t);
        }
        return Optional.empty();
    }

    /**
     * The event type implied by an action when the client sent none: the action's last word
     * (split on {@code .}, {@code :}, {@code _} and {@code -}), compared case-insensitively.
     * <ul>
     *   <li>{@code created}, {@code create} → {@link #CREATED}</li>
     *   <li>{@code updated}, {@code update} → {@link #UPDATED}</li>
     *   <li>{@code deleted}, {@code delete}, {@code removed}, {@code remove} → {@link #DELETED}</li>
     *   <li>{@code read}, {@code viewed}, {@code view}, {@code accessed}, {@code exported},
     *       {@code downloaded} → {@link #READ}</li>
     *   <li>anything else → {@link #OTHER}</li>
     * </ul>
     * So {@code invoice.created} is created, {@code user:remove} deleted, {@code export.downloaded} read
     * and {@code hardware.assigned} other.
     */
    public static EventType derive(String action) {
        String[] words = action.split("[.:_-]", -1);
        String last = words[words.length - 1].toLowerCase(Locale.ROOT);
        return VERBS.getOrDefault(last, OTHER);
    }
}
