package dev.auditlog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.server.AuditlogServer;
import dev.auditlog.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable ingest through the HTTP API ({@code POST /api/v1/tenants/{t}/events}): the real server started in this
 * JVM on the embedded store, 64 keep-alive connections each sending its next request when the previous one is
 * answered, at one event per request and in batches of 10, 100 and 1,000. The server answers only after the group
 * commit, so a 2xx is a durable acknowledgement and the latency is what a client waits for. Set beside the
 * library-API section, the difference is what HTTP, JSON parsing, validation and authentication cost.
 *
 * <p>Request bodies are serialised before the clock starts, every answer is checked to be 2xx (failures are
 * counted and reported), and afterwards the tenant's log must hold every acknowledged event.
 */
final class HttpIngest implements Section {
    static final String TITLE = "Ingest, HTTP API";
    static final String SERIES = "Auditlog, HTTP API";
    static final int CONNECTIONS = 64;
    static final int[] BATCH_SIZES = {1, 10, 100, 1000};
    private static final String TENANT = "bench";
    /** Distinct request bodies per run, in events; reused round-robin. */
    private static final int POOL_EVENTS = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one batch size achieved: the measured load, and the requests that failed (warm-up included). */
    record Run(int batch, Load.Result load, long measuredFailures, long failures, String firstFailure) {
        double eventsPerSecond() {
            return (load.calls() - measuredFailures) * (double) batch / load.seconds();
        }
    }

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        for (int batch : BATCH_SIZES) {
            Run r = ingest(config.workDir().resolve("http-" + batch), batch, Math.max(1, events(config, batch) / batch));
            report.point(SERIES, batch, r.eventsPerSecond());
            String what = batch == 1 ? CONNECTIONS + " connections × 1 event per request"
                    : String.format("%d connections × %,d events per request", CONNECTIONS, batch);
            if (batch == 1) {
                report.figure(TITLE, what + ": requests/s", r.eventsPerSecond(), "requests/s", Target.atLeast(10_000));
            } else {
                report.figure(TITLE, what + ": events/s", r.eventsPerSecond(), "events/s",
                        batch == 1000 ? Target.atLeast(50_000) : null);
            }
            report.figure(TITLE, what + ": acknowledgement p50", r.load().latencies().percentileMs(0.50), "ms");
            report.figure(TITLE, what + ": acknowledgement p99", r.load().latencies().percentileMs(0.99), "ms");
            report.figure(TITLE, what + ": failed requests", r.failures(), "requests");
            if (r.failures() > 0) {
                report.note(TITLE, String.format("%,d requests of %,d events failed; the first: %s", r.failures(), batch, r.firstFailure()));
            }
        }
        report.note(TITLE, "Every answer was checked to be 2xx, and afterwards the tenant's log was checked to hold every "
                + "acknowledged event.");
        report.note(TITLE, "What bounds these figures (JFR profiles of the 1-event and 1,000-event runs): the run is CPU-bound, "
                + "the server and its client sharing 2 cores. With one event per request, the group-commit writer took about "
                + "30% of the CPU when it waited for DuckDB's commit and signed each checkpoint with the JDK's Ed25519 (about "
                + "0.4 ms a signature); it now forces a journal record and signs with BouncyCastle (about 22 µs), and this "
                + "figure went from 9,000-10,700 to 10,500-11,400 requests/s across runs. Helidon's HTTP handling took about a fifth; reading "
                + "and validating the event about 15%, sealing it (salt, commitment, leaf encoding) about 10%, authentication, "
                + "reading the body and the answer about 10%; the client about 5%. With 1,000 events per request the per-event "
                + "work dominates: sealing about a third, reading and validating the JSON about 30%, writing the rows about "
                + "20%, HTTP under 10%. The acknowledgement latency of large batches is mostly queueing: 64 requests of 1,000 "
                + "events in flight wait for the group commits ahead of them, and garbage collection of the events held "
                + "meanwhile adds pauses.");
        report.note(TITLE, "Client: a minimal HTTP/1.1 keep-alive client over plain sockets in the same JVM (one virtual thread "
                + "and one connection per caller, each request serialised beforehand in one piece), so that the load generator "
                + "takes as little as possible of the 2 cores it shares with the server: profiled at one event per request, it "
                + "took about 6% of the CPU, where the JDK's HttpClient (HTTP/1.1, virtual threads) took about a third.");
    }

    /** Events sent at one batch size: smaller batches cost more per event, so they send fewer to keep the section short. */
    private static int events(BenchConfig config, int batch) {
        return config.ingestEvents() / switch (batch) {
            case 1 -> 20;
            case 10 -> 5;
            default -> 2;
        };
    }

    /** Starts a server in {@code dir}, warms it up, then sends {@code requests} requests of {@code batch} events. */
    static Run ingest(Path dir, int batch, int requests) throws Exception {
        String master = "bench-master-" + Long.toHexString(System.nanoTime());
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dir, null, false, master, master))) {
            int port = server.port();
            String key = ingestKey(port, master);
            List<byte[]> bodies = requestPool(batch, Math.min(requests, Math.max(1, POOL_EVENTS / batch)), key);
            long entriesBefore = server.store().checkpoint(TENANT).size();
            AtomicLong failures = new AtomicLong();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            BlockingQueue<HttpConnection> pool = new ArrayBlockingQueue<>(CONNECTIONS);
            for (int c = 0; c < CONNECTIONS; c++) pool.add(new HttpConnection(port));
            Load.Call call = n -> {
                HttpConnection connection = pool.take();
                try {
                    HttpConnection.Response response = connection.exchange(bodies.get((int) (n % bodies.size())));
                    if (!response.ok()) fail(failures, firstFailure, "HTTP " + response.status() + " " + response.text());
                } catch (IOException e) {
                    fail(failures, firstFailure, e.toString());
                } finally {
                    pool.put(connection);
                }
            };
            try {
                int warmUp = Math.min(requests, Math.max(CONNECTIONS, requests / 5));
                long warmUpSent = Load.closed(CONNECTIONS, warmUp, call).calls();
                long failedInWarmUp = failures.get();
                Load.Result load = Load.closed(CONNECTIONS, requests, call)
                        .plusTimeOf(() -> server.store().query(TENANT, EntryQuery.all()));
                long sent = (warmUpSent + load.calls()) * batch;
                long acknowledged = sent - failures.get() * batch;
                long stored = server.store().checkpoint(TENANT).size() - entriesBefore;
                if (stored < acknowledged || stored > sent) { // a failed request may still have been stored
                    throw new IllegalStateException("the log holds " + stored + " new entries, but " + acknowledged
                            + " events were acknowledged of " + sent + " sent");
                }
                return new Run(batch, load, failures.get() - failedInWarmUp, failures.get(), firstFailure.get());
            } finally {
                pool.forEach(HttpConnection::close);
            }
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    private static void fail(AtomicLong failures, AtomicReference<String> first, String what) {
        failures.incrementAndGet();
        first.compareAndSet(null, what);
    }

    /** Creates the tenant and an ingest key with the master key (CONTRACT §3); returns the key's secret. */
    private static String ingestKey(int port, String master) throws IOException {
        try (HttpConnection admin = new HttpConnection(port)) {
            expectCreated(admin.exchange(HttpConnection.request("POST", "/api/v1/tenants", master,
                    utf8("{\"id\":\"" + TENANT + "\",\"name\":\"Benchmark\"}"))));
            HttpConnection.Response key = admin.exchange(HttpConnection.request("POST", "/api/v1/tenants/" + TENANT + "/keys",
                    master, utf8("{\"name\":\"bench\",\"scopes\":[\"ingest\"]}")));
            expectCreated(key);
            return JSON.readTree(key.body()).get("key").textValue();
        }
    }

    private static void expectCreated(HttpConnection.Response response) {
        if (response.status() != 201) throw new IllegalStateException("set-up failed: HTTP " + response.status() + " " + response.text());
    }

    /** {@code count} distinct ingest requests of {@code batch} sample events each, complete with head. */
    private static List<byte[]> requestPool(int batch, int count, String key) {
        SampleBatches samples = new SampleBatches(batch, count, batch);
        List<byte[]> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(HttpConnection.request("POST", "/api/v1/tenants/" + TENANT + "/events", key,
                    EventJson.body(samples.get(i))));
        }
        return requests;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
