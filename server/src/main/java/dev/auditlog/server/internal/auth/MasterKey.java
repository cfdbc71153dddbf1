package dev.auditlog.server.internal.auth;

import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key: {@code AUDITLOG_MASTER_KEY} when set; otherwise one generated on first start, shown once
 * and kept only as its SHA-256 in {@code master-key.sha256} of the data directory (owner-only: the hash would let
 * anyone check guesses offline).
 */
public final class MasterKey {
    static final String FILE = "master-key.sha256";
    /** Below this a configured key is warned about at every start: it has every right on every tenant. */
    static final int WARN_BELOW = 20;
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private final byte[] hash;

    private MasterKey(byte[] hash) {
        this.hash = hash;
    }

    /** @param announce receives the one-time message with a generated key */
    public static MasterKey load(String configured, Path dataDir, Consumer<String> announce) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < WARN_BELOW) {
                LOG.warn("AUDITLOG_MASTER_KEY has fewer than {} characters: a key with every right on every tenant should be "
                        + "long and random (openssl rand -base64 32)", WARN_BELOW);
            }
            return new MasterKey(Secrets.sha256(configured));
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return new MasterKey(HexFormat.of().parseHex(Files.readString(file).strip()));
            }
            String generated = "alm_" + Secrets.random256();
            byte[] hash = Secrets.sha256(generated);
            OwnerOnly.createDirectories(dataDir);
            OwnerOnly.writeNew(file, (HexFormat.of().formatHex(hash) + "\n").getBytes(StandardCharsets.US_ASCII));
            announce.accept("Generated master key (shown only now; set AUDITLOG_MASTER_KEY to use your own): " + generated);
            return new MasterKey(hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public boolean matches(String presented) {
        return Secrets.matches(presented, hash);
    }
}
