package dev.auditlog.core.event;

/** Someone or something the event is about besides its target ("what happened to this person"). */
public record Concern(String type, String id, String name) {
}
