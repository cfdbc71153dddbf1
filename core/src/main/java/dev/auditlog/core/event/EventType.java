package dev.auditlog.core.event;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What kind of thing happened to the target. Shown as the coloured badge on the page. */
public enum EventType {
    CREATED, READ, UPDATED, DELETED, OTHER;

    private static final Map<String, EventType> VERBS = Map.ofEntries(
            Map.entry("created", CREATED), Map.entry("create", CREATED),
            Map.entry("added", CREATED), Map.entry("add", CREATED),
            Map.entry("inserted", CREATED), Map.entry("insert", CREATED),
            Map.entry("registered", CREATED), Map.entry("register", CREATED),
            Map.entry("updated", UPDATED), Map.entry("update", UPDATED),
            Map.entry("edited", UPDATED), Map.entry("edit", UPDATED),
            Map.entry("changed", UPDATED), Map.entry("change", UPDATED),
            Map.entry("modified", UPDATED), Map.entry("modify", UPDATED),
            Map.entry("renamed", UPDATED), Map.entry("rename", UPDATED),
            Map.entry("deleted", DELETED), Map.entry("delete", DELETED),
            Map.entry("removed", DELETED), Map.entry("remove", DELETED),
            Map.entry("destroyed", DELETED), Map.entry("destroy", DELETED),
            Map.entry("purged", DELETED), Map.entry("purge", DELETED),
            Map.entry("read", READ), Map.entry("viewed", READ), Map.entry("view", READ),
            Map.entry("accessed", READ), Map.entry("exported", READ), Map.entry("downloaded", READ),
            Map.entry("get", READ), Map.entry("listed", READ), Map.entry("list", READ),
            Map.entry("searched", READ), Map.entry("search", READ));

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
     * (split on {@code .}, {@code :}, {@code _} and {@code -}, and where camelCase starts a word:
     * {@code userCreated}), compared case-insensitively.
     * <ul>
     *   <li>{@code created}, {@code create}, {@code added}, {@code add}, {@code inserted}, {@code insert},
     *       {@code registered}, {@code register} → {@link #CREATED}</li>
     *   <li>{@code updated}, {@code update}, {@code edited}, {@code edit}, {@code changed}, {@code change},
     *       {@code modified}, {@code modify}, {@code renamed}, {@code rename} → {@link #UPDATED}</li>
     *   <li>{@code deleted}, {@code delete}, {@code removed}, {@code remove}, {@code destroyed}, {@code destroy},
     *       {@code purged}, {@code purge} → {@link #DELETED}</li>
     *   <li>{@code read}, {@code viewed}, {@code view}, {@code accessed}, {@code exported},
     *       {@code downloaded}, {@code get}, {@code listed}, {@code list}, {@code searched}, {@code search}
     *       → {@link #READ}</li>
     *   <li>anything else → {@link #OTHER}</li>
     * </ul>
     * So {@code invoice.created} is created, {@code user:remove} deleted, {@code export.downloaded} read
     * and {@code hardware.assigned} other.
     *
     * <p>Why the table stays short: a wrong badge misleads more than {@code other} does, so a verb is listed
     * only when every reasonable use of it means the same type. {@code revoked} stays other (revoking a key
     * changes it; revoking a grant ends it), as does {@code opened} (a ticket opened is created, a file opened
     * is read), and so do {@code login} and {@code logout}, which act on no record.
     */
    public static EventType derive(String action) {
        String[] words = action.split("[.:_-]", -1);
        String last = words[words.length - 1];
        return VERBS.getOrDefault(last.substring(camelCaseLastWord(last)).toLowerCase(Locale.ROOT), OTHER);
    }

    /** Where the last word of {@code userCreated} or {@code UserCreate} begins: its last capital after a small letter or digit. */
    private static int camelCaseLastWord(String word) {
        for (int i = word.length() - 1; i > 0; i--) {
            char c = word.charAt(i);
            char before = word.charAt(i - 1);
            if (c >= 'A' && c <= 'Z' && ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9'))) return i;
        }
        return 0;
    }
}
