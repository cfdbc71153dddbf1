package dev.auditlog.server.internal.http;

import dev.auditlog.core.store.StoreGauge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: request count and latency per method, route pattern (never the raw path,
 * which would carry tenant and entry ids) and status, and the number of events appended; and the process's own
 * figures an operator sizes it by: heap and other memory by pool, threads, CPU, open files against their limit, and
 * uptime.
 *
 * <p>Every label takes a bounded set of values, whatever clients send: a method is one of HTTP's own or
 * {@value #OTHER_METHOD}, since any token is a valid method on the wire, and each new one would otherwise be a new series
 * kept for the life of the server and sent with every scrape.
 */
public final class HttpMetrics {
    /** The method label of a request whose method is none of {@link #METHODS} (OpenTelemetry's name for it). */
    static final String OTHER_METHOD = "_OTHER";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter appended = Counter.builder("auditlog.events.appended")
            .description("Events appended to tenant logs through the API and the server's own entries").register(registry);

    public HttpMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests").description("HTTP requests by method, route pattern and status")
                .tag("method", METHODS.contains(method) ? method : OTHER_METHOD).tag("route", route).tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void appended(int events) {
        appended.increment(events);
    }

    /** Registers a gauge read at each scrape (e.g. tenants whose archive delivery fails). */
    public void gauge(String name, String description, Supplier<Number> value) {
        gauge(new StoreGauge(name, description, Map.of(), value));
    }

    /** Registers a gauge with labels, such as one of the store's own (its readers, connections and writer). */
    public void gauge(StoreGauge gauge) {
        Gauge.Builder<Supplier<Number>> builder = Gauge.builder(gauge.name(), gauge.value()).description(gauge.description());
        gauge.tags().forEach(builder::tag);
        builder.register(registry);
    }

    /** {@code GET /metrics}. */
    public void scrape(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
