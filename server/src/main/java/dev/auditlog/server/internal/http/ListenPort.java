package dev.auditlog.server.internal.http;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether the server can listen on its port, said in one line. Helidon's {@code WebServer.start()} does not throw
 * when it cannot bind: it logs a long trace, and the server object then reports port -1 while the process runs on
 * serving nothing. So the port is tried before anything else starts (nothing is opened or written for a server that
 * cannot run, and the reason is the operating system's), and the started server is checked as well, for the rare
 * port taken in between.
 */
public final class ListenPort {
    private ListenPort() {
    }

    /**
     * Binds the port as the server will (every address, address reuse on) and releases it.
     *
     * @throws IllegalStateException naming the port and the reason, such as {@code address already in use}
     */
    public static void requireFree(int port) {
        if (port == 0) return; // any free port
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw cannotListen(port, lowerCaseFirst(e.getMessage()));
        }
    }

    /** @throws IllegalStateException when the server did not start listening */
    public static void requireListening(WebServer web, int port) {
        if (!web.isRunning()) throw cannotListen(port, "the web server did not start (its log above says why)");
    }

    private static IllegalStateException cannotListen(int port, String reason) {
        return new IllegalStateException("cannot listen on port " + port + ": " + reason);
    }

    private static String lowerCaseFirst(String message) {
        return message == null || message.isEmpty() ? "unknown reason"
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
