package dev.auditlog.core.event;

/**
 * One validation failure: a JSON Pointer into the request ({@code /events/3/actor/email}, or
 * {@code ""} for the body as a whole) and a sentence saying what is wrong.
 */
public record FieldError(String pointer, String detail) {
    /** The pointer to member {@code name} of the value at {@code parent}, escaped as RFC 6901 requires. */
    public static String member(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }
}
