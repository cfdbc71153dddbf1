package dev.auditlog.store.postgres.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Why the store could not connect when it opened, in one line an operator can act on. Why: the driver's own words
 * were often no help ("The connection attempt failed." for an unknown host or a user:password@host URL, "No suitable
 * driver" for port 99999 after a warning of its own, two lines for a server's error with a detail). Nothing here
 * repeats the URL, which may hold a password.
 */
final class ConnectFailure {
    private ConnectFailure() {
    }

    /** What is wrong with the URL itself, found before the driver tries it (and logs about it). */
    static Optional<String> inUrl(String jdbcUrl) {
        String authority = authority(jdbcUrl);
        if (authority.contains("@")) {
            return Optional.of("the URL names a user before the host, which the PostgreSQL driver does not read; "
                    + "give them as parameters instead: jdbc:postgresql://host/db?user=…&password=…");
        }
        for (String host : authority.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon < 0 || host.endsWith("]")) continue;
            String port = host.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return Optional.of("port " + port + " in the URL is not a port number (1-65535)");
            }
        }
        return Optional.empty();
    }

    /** The text between {@code //} and the path or parameters. */
    private static String authority(String jdbcUrl) {
        int start = jdbcUrl.indexOf("//");
        if (start < 0) return "";
        String rest = jdbcUrl.substring(start + 2);
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int at = rest.indexOf(c);
            if (at >= 0) end = Math.min(end, at);
        }
        return rest.substring(0, end);
    }

    /** The reason a connection attempt failed, from the driver's failure somewhere in the chain. */
    static String reason(Throwable failure) {
        SQLException sql = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (sql == null && t instanceof SQLException e) sql = e;
            root = t;
        }
        if (root instanceof UnknownHostException) return "unknown host " + root.getMessage();
        if (sql == null) return failure.getMessage();
        if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) return fromServer(p.getServerErrorMessage());
        if (sql.getMessage() != null && sql.getMessage().contains("no password was provided")) {
            return "PostgreSQL asks for a password and the URL gives none (add &password=… to it)";
        }
        String message = oneLine(sql.getMessage());
        // A refusal is in the driver's message already; a timeout or an unreachable network only here.
        boolean saysMore = root instanceof IOException && !(root instanceof ConnectException) && root.getMessage() != null;
        return saysMore ? message + " (" + root.getMessage() + ")" : message;
    }

    /** A server's error is a message and a detail on lines of their own; here they share one. */
    private static String fromServer(ServerErrorMessage error) {
        String message = oneLine(error.getMessage());
        return error.getDetail() == null ? message : message + " (" + oneLine(error.getDetail()) + ")";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
