package dev.auditlog.server.internal.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.settings.Archive;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each batch as {@code {"tenant", "entries": [export-form entries]}}, signed per Standard Webhooks:
 * {@code webhook-id} (tenant and seq range, stable across retries so receivers can dedupe),
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256(secret,
 * id.timestamp.body)>}. A {@code whsec_}-prefixed secret is base64 after the prefix; any other secret is
 * used as its UTF-8 bytes. Any answer but 2xx is a failure, retried by {@link ArchiveDelivery}.
 */
final class WebhookSink implements ArchiveSink {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * HTTP/1.1: the JDK's client would otherwise offer an upgrade to HTTP/2 on every plain-http delivery ({@code Upgrade:
     * h2c}, {@code HTTP2-Settings}), which some receivers and proxies refuse.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    private final URI url;
    private final byte[] key;
    private final Clock clock;

    WebhookSink(String url, String secret, Clock clock) {
        this.url = URI.create(url);
        this.key = Archive.webhookKey(secret);
        this.clock = clock;
    }

    @Override
    public void deliver(String tenant, List<Entry> batch) throws IOException {
        refuseForbiddenAddress();
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("tenant", tenant);
        ArrayNode entries = doc.putArray("entries");
        batch.forEach(e -> entries.add(EntryJson.toExportJson(e)));
        String body = doc.toString();
        String id = "auditlog-" + tenant + "-" + batch.getFirst().seq() + "-" + batch.getLast().seq();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(id + "." + timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delivering to " + url, e);
        }
        if (response.statusCode() / 100 != 2) throw new IOException(url + " answered " + response.statusCode());
    }

    /**
     * Settings refuse such an address written as an IP literal; a host name is checked here, as it resolves now, so that
     * one pointing at a metadata service (metadata.google.internal) is not sent the tenant's entries either.
     */
    private void refuseForbiddenAddress() throws IOException {
        for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
            if (Archive.forbiddenWebhookAddress(address)) {
                throw new IOException(url.getHost() + " resolves to " + address.getHostAddress()
                        + ", a link-local, multicast or unspecified address, to which no webhook is delivered");
            }
        }
    }

    String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
