package dev.auditlog.core.settings;

import java.util.List;

/**
 * A tenant's governance settings (CONTRACT §5). Unlike entries, a tenant's settings row is replaced on
 * every change; the change itself is recorded as an entry by the server.
 *
 * @param retentionDays entries recorded longer ago than this may be pruned; never below {@link #MIN_RETENTION_DAYS}
 *                      (the API also refuses more than {@link #MAX_RETENTION_DAYS})
 * @param tracking      which events are recorded at ingest
 * @param ipAllowlist   CIDRs allowed to call the non-ingest API; empty allows every address
 * @param archive       where entries are delivered before a prune may remove them
 */
public record Settings(int retentionDays, Tracking tracking, List<Cidr> ipAllowlist, Archive archive) {
    /** The retention floor: no prune ever removes an entry younger than this. */
    public static final int MIN_RETENTION_DAYS = 30;
    /**
     * The retention ceiling, 100 years: far beyond any legal keeping period, and near enough that the prune's
     * cutoff (now minus the retention) stays a year RFC 3339 can write.
     */
    public static final int MAX_RETENTION_DAYS = 36_500;
    public static final int DEFAULT_RETENTION_DAYS = 365;
    /** What a tenant that never saved settings has. */
    public static final Settings DEFAULT = new Settings(DEFAULT_RETENTION_DAYS, Tracking.ALL, List.of(), Archive.NONE);

    public Settings {
        if (retentionDays < MIN_RETENTION_DAYS) {
            throw new IllegalArgumentException("retention_days must be at least " + MIN_RETENTION_DAYS);
        }
        ipAllowlist = List.copyOf(ipAllowlist);
    }

    /** Whether a caller at {@code address} (raw IPv4 or IPv6 bytes) passes the allowlist. */
    public boolean allows(byte[] address) {
        return ipAllowlist.isEmpty() || ipAllowlist.stream().anyMatch(c -> c.contains(address));
    }
}
