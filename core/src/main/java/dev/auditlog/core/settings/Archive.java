package dev.auditlog.core.settings;

import dev.auditlog.core.event.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where entries are delivered before a prune may remove them: nowhere, NDJSON files under a directory, or a
 * webhook signed with a shared secret.
 *
 * @param type   {@code none}, {@code file} or {@code webhook}
 * @param path   the directory, for {@code file}
 * @param url    the endpoint, for {@code webhook}
 * @param secret the signing secret, for {@code webhook}
 */
public record Archive(String type, String path, String url, String secret) {
    public static final String NONE_TYPE = "none";
    public static final String FILE_TYPE = "file";
    public static final String WEBHOOK_TYPE = "webhook";
    public static final Archive NONE = new Archive(NONE_TYPE, null, null, null);
    /** What marks a Standard Webhooks secret, whose key is the base64 after it. */
    private static final String STANDARD_WEBHOOKS_PREFIX = "whsec_";
    private static final InetAddress AWS_METADATA_V6 = literal("fd00:ec2::254");

    public static Archive file(String path) {
        return new Archive(FILE_TYPE, path, null, null);
    }

    public static Archive webhook(String url, String secret) {
        return new Archive(WEBHOOK_TYPE, null, url, secret);
    }

    /**
     * Whether a webhook may not be delivered to {@code address}: a link-local one (169.254.169.254 and fd00:ec2::254 are
     * cloud instances' metadata services, which answer whoever can make the server send a request), a multicast one, or
     * the unspecified 0.0.0.0 or ::, which reaches the server's own host. Loopback and private networks stay allowed:
     * a receiver beside the server or inside the operator's network is the usual place for an archive.
     */
    public static boolean forbiddenWebhookAddress(InetAddress address) {
        return address.isLinkLocalAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()
                || address.equals(AWS_METADATA_V6);
    }

    /** What {@link #forbiddenWebhookAddress} says of a URL's host that is an IP literal; false for a host name. */
    public static boolean forbiddenWebhookHost(String host) {
        InetAddress address = literal(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
        return address != null && forbiddenWebhookAddress(address);
    }

    /** The address an IP literal names, without asking DNS; null for any other text. */
    private static InetAddress literal(String text) {
        byte[] bytes = IpAddresses.parse(text);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    /**
     * The HMAC key a webhook secret stands for: after a {@code whsec_} prefix (Standard Webhooks) the bytes its base64
     * names, else the secret's UTF-8 bytes.
     *
     * @throws IllegalArgumentException when a {@code whsec_} secret is not base64 or names no byte
     */
    public static byte[] webhookKey(String secret) {
        if (!secret.startsWith(STANDARD_WEBHOOKS_PREFIX)) return secret.getBytes(StandardCharsets.UTF_8);
        byte[] key = Base64.getDecoder().decode(secret.substring(STANDARD_WEBHOOKS_PREFIX.length()));
        if (key.length == 0) throw new IllegalArgumentException("no key after " + STANDARD_WEBHOOKS_PREFIX);
        return key;
    }
}
