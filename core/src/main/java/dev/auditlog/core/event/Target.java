package dev.auditlog.core.event;

/** The record the action touched. {@code url} links to it in the product that sent the event. */
public record Target(String type, String id, String name, String url) {
}
