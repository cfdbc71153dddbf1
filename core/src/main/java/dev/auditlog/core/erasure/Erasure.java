package dev.auditlog.core.erasure;

/** What a subject erasure did: the pseudonym that now stands for the person, and how many entries changed. */
public record Erasure(String pseudonym, long entries) {
}
