package dev.auditlog.server.internal.web;

/**
 * Ends a page request early: 401 sends the browser to the sign-in page, any other status renders the
 * error page with that status and message (never a stack trace or a JSON problem).
 */
final class WebFailure extends RuntimeException {
    private final int status;

    WebFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static WebFailure signInRequired() {
        return new WebFailure(401, "sign in first");
    }

    static WebFailure forbidden(String message) {
        return new WebFailure(403, message);
    }

    int status() {
        return status;
    }
}
