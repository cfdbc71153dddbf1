package dev.auditlog.core.checkpoint;

import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Per-tenant checkpoint signing keys kept under {@code <dataDir>/keys/}.
 *
 * <p>{@code keys/<tenant>.key} holds the tenant's PKCS#8 Ed25519 private key as one line of
 * base64. It is created on first use, readable and writable by the owner only, in a directory
 * only the owner may enter. The key name is the tenant log's origin, {@code auditlog/<tenant>}.
 * Thread-safe; signers are cached.
 */
public final class TenantKeyring {
    /** What a tenant's log origin starts with; the tenant's id follows. */
    public static final String ORIGIN_PREFIX = "auditlog/";

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path keysDir;
    private final ConcurrentMap<String, NoteSigner> signers = new ConcurrentHashMap<>();

    public TenantKeyring(Path dataDir) {
        this.keysDir = dataDir.resolve("keys");
    }

    /** The log origin, and key name, of a tenant's log. */
    public static String origin(String tenant) {
        return ORIGIN_PREFIX + requireValidTenant(tenant);
    }

    /** The tenant's signer, loading its key or creating it on first use. */
    public NoteSigner signer(String tenant) {
        requireValidTenant(tenant);
        // computeIfAbsent runs at most once per tenant at a time, so racing threads share one new key.
        return signers.computeIfAbsent(tenant, this::loadOrCreate);
    }

    private NoteSigner loadOrCreate(String tenant) {
        Path keyFile = keysDir.resolve(tenant + ".key");
        try {
            if (Files.exists(keyFile)) {
                return load(tenant, keyFile);
            }
            return create(tenant, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the signing key " + keyFile, e);
        }
    }

    private NoteSigner load(String tenant, Path keyFile) throws IOException {
        String line = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        try {
            return NoteSigner.fromPkcs8(origin(tenant), Base64.getDecoder().decode(line));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("corrupt signing key file " + keyFile, e);
        }
    }

    /**
     * Writes a new key without ever exposing a partial or wrongly-permissioned file.
     *
     * <p>Why this shape: the key goes to a temporary file that is born owner-only (no window
     * before a chmod) and is synced before being hard-linked into place. Linking fails if the
     * name exists, so a concurrent creator in another process wins cleanly and we adopt its key,
     * and a crash mid-write leaves only a stray temporary file, never a truncated key.
     */
    private NoteSigner create(String tenant, Path keyFile) throws IOException {
        ensureKeysDir();
        NoteSigner signer = NoteSigner.generate(origin(tenant));
        byte[] content = (Base64.getEncoder().encodeToString(signer.pkcs8()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Path temp = Files.createTempFile(keysDir, "." + tenant + ".", ".tmp", OwnerOnly.file(keysDir));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.createLink(keyFile, temp);
            return signer;
        } catch (FileAlreadyExistsException e) {
            return load(tenant, keyFile);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void ensureKeysDir() throws IOException {
        if (!Files.isDirectory(keysDir)) {
            Files.createDirectories(keysDir.getParent());
            try {
                Files.createDirectory(keysDir, OwnerOnly.directory(keysDir));
            } catch (FileAlreadyExistsException e) {
                // Created concurrently by another keyring; its permissions are the same.
            }
        }
    }

    private static String requireValidTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException(
                    "tenant must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit: " + tenant);
        }
        return tenant;
    }
}
