package dev.auditlog.core.settings;

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

    public static Archive file(String path) {
        return new Archive(FILE_TYPE, path, null, null);
    }

    public static Archive webhook(String url, String secret) {
        return new Archive(WEBHOOK_TYPE, null, url, secret);
    }
}
