package dev.auditlog.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The command line run as a user runs it: a process of its own, with the JVM options of the launcher, an environment
 * the test chooses (no {@code AUDITLOG_*} variable leaks in from the one running the tests), and the real exit code
 * and standard error, which running {@link Main#run} in the test's JVM cannot show.
 */
final class CliProcess {
    private CliProcess() {
    }

    record Result(int exit, String out, String err) {
    }

    /** A process builder for {@code auditlog args…} run in {@code dir} with {@code environment} added. */
    static ProcessBuilder builder(Path dir, Map<String, String> environment, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("AUDITLOG_"));
        pb.environment().putAll(environment);
        return pb;
    }

    /** Runs a command that is expected to end within a minute. */
    static Result run(Path dir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process p = builder(dir, environment, args).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        String err = read(p.getErrorStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("auditlog " + String.join(" ", args) + " still running after 60 s; stderr: " + err);
        }
        return new Result(p.exitValue(), out.join(), err);
    }

    /** Waits until the server started as {@code server} answers {@code GET /healthz} with 200. */
    static void awaitReady(HttpClient http, URI base, Process server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) throw new AssertionError("the server process ended with exit " + server.exitValue());
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server not ready within 60 s");
    }

    /** A port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
