package dev.auditlog.core.settings;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import java.util.List;
import java.util.Set;

/**
 * Which events ingest records: an event whose {@code target.type} has a rule is recorded only if its event
 * type is listed; every other event follows the default.
 *
 * @param recordByDefault {@code default: all} (true) or {@code none} (false)
 */
public record Tracking(boolean recordByDefault, List<Rule> rules) {
    public static final Tracking ALL = new Tracking(true, List.of());

    /** The event types recorded for one target type. */
    public record Rule(String targetType, Set<EventType> events) {
        public Rule {
            events = Set.copyOf(events);
        }
    }

    public Tracking {
        rules = List.copyOf(rules);
    }

    public boolean records(Event event) {
        String targetType = event.target() == null ? null : event.target().type();
        if (targetType != null) {
            for (Rule rule : rules) {
                if (rule.targetType().equals(targetType)) return rule.events().contains(event.event());
            }
        }
        return recordByDefault;
    }
}
