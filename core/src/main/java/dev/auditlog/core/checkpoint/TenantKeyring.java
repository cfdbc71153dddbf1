package dev.auditlog.core.checkpoint;

import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Per-tenant checkpoint signing keys kept under {@code <dataDir>/keys/}.
 *
 * <p>{@code keys/<tenant>.key} holds the tenant's PKCS#8 Ed25519 private key as one line of
 * base64. {@link #signer} creates it when there is none, readable and writable by the owner only, in a directory
 * only the owner may enter; a store asks for that only for a tenant it is creating ({@code LogSigners}). The key name is the tenant log's origin, {@code auditlog/<tenant>}.
 * Thread-safe; signers are cached.
 *
 * <p>A keyring made by {@link #readOnly} never creates a key nor writes anything: what checks a store
 * ({@code verify-store}) or checks, before a server signs anything, that it holds the keys that signed the stored
 * checkpoints ({@link #match}) must not replace a lost key with a new one.
 */
public final class TenantKeyring {
    /** What a tenant's log origin starts with; the tenant's id follows. */
    public static final String ORIGIN_PREFIX = "auditlog/";

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path keysDir;
    private final boolean readOnly;
    private final ConcurrentMap<String, NoteSigner> signers = new ConcurrentHashMap<>();

    /** The keyring of a data directory, creating a tenant's key on its first use. */
    public TenantKeyring(Path dataDir) {
        this(dataDir, false);
    }

    private TenantKeyring(Path dataDir, boolean readOnly) {
        this.keysDir = dataDir.resolve("keys");
        this.readOnly = readOnly;
    }

    /**
     * The keyring of a data directory that only reads key files: it creates no key, directory or file, and
     * {@link #signer} of a tenant without a key file throws {@link MissingSigningKeyException}.
     */
    public static TenantKeyring readOnly(Path dataDir) {
        return new TenantKeyring(dataDir, true);
    }

    /** Where the tenant's key file is (or would be created). */
    public Path keyFile(String tenant) {
        return keysDir.resolve(requireValidTenant(tenant) + ".key");
    }

    /** The directory of the key files. */
    public Path keysDir() {
        return keysDir;
    }

    /** The log origin, and key name, of a tenant's log. */
    public static String origin(String tenant) {
        return ORIGIN_PREFIX + requireValidTenant(tenant);
    }

    /**
     * The tenant's signer, loading its key or creating it on first use (a {@link #readOnly} keyring throws
     * {@link MissingSigningKeyException} instead of creating it).
     */
    public NoteSigner signer(String tenant) {
        requireValidTenant(tenant);
        // computeIfAbsent runs at most once per tenant at a time, so racing threads share one new key.
        return signers.computeIfAbsent(tenant, this::loadOrCreate);
    }

    /**
     * The tenant's signer when its key file exists; empty when there is none. Never creates or writes anything.
     *
     * @throws UncheckedIOException when the key file cannot be read (permission denied…)
     * @throws IllegalStateException when the key file is corrupt
     */
    public Optional<NoteSigner> existing(String tenant) {
        requireValidTenant(tenant);
        NoteSigner cached = signers.get(tenant);
        if (cached != null) return Optional.of(cached);
        return readExisting(tenant).map(loaded -> {
            NoteSigner raced = signers.putIfAbsent(tenant, loaded);
            return raced == null ? loaded : raced;
        });
    }

    /** Reads the tenant's key file, bypassing the cache; empty when there is none. */
    private Optional<NoteSigner> readExisting(String tenant) {
        Path keyFile = keyFile(tenant);
        try {
            return Optional.of(load(tenant, keyFile));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + keyFile, e);
        }
    }

    /**
     * Whether this keyring holds the key that signed a tenant's stored checkpoint, so that it can go on signing
     * that log: a server that signed with a new key after its key file was lost (or with another data directory's
     * keys) would make every later checkpoint and export fail to verify against the key published before. Never
     * creates or writes anything.
     *
     * @param stored the latest checkpoint the store holds for the tenant (null, or one without a signed note, when
     *               nothing was signed yet: any key, even one still to be created, may sign it)
     */
    public KeyMatch match(String tenant, Checkpoint stored) {
        Path keyFile = keyFile(tenant);
        if (stored == null || stored.signedNote() == null || stored.signedNote().isEmpty()) {
            return new KeyMatch.NothingSigned(keyFile);
        }
        List<SignatureLine> signatures;
        try {
            signatures = SignedNote.parse(stored.signedNote()).signatures();
        } catch (NoteVerificationException malformed) {
            signatures = List.of(); // not for this check to judge: verifying the log reports a malformed checkpoint
        }
        String signedBy = signatures.isEmpty() ? origin(tenant)
                : String.join(", ", signatures.stream().map(line -> keyName(line.keyName(), line.keyId())).toList());
        Optional<NoteSigner> held = existing(tenant);
        if (held.isEmpty()) return new KeyMatch.Missing(keyFile, signedBy);
        VerifierKey heldKey = VerifierKey.parse(held.get().verifierKey());
        if (signatures.isEmpty() || signatures.stream().anyMatch(line -> line.isBy(heldKey))) return new KeyMatch.Holds(keyFile);
        return new KeyMatch.Different(keyFile, signedBy, keyName(heldKey.name(), heldKey.keyId()));
    }

    /** A key as its name and ID, the first two parts of its verifier key: {@code auditlog/acme+1a2b3c4d}. */
    private static String keyName(String name, int keyId) {
        return name + "+" + HexFormat.of().toHexDigits(keyId);
    }

    /** What {@link #match} found; each names the key file. */
    public sealed interface KeyMatch {
        Path keyFile();

        /**
         * Why the key file cannot sign the tenant's log, in one line naming the file and the key that signed the
         * stored checkpoint; empty when it can ({@link Holds}, {@link NothingSigned}).
         */
        default Optional<String> refusal(String tenant) {
            return switch (this) {
                case Holds holds -> Optional.empty();
                case NothingSigned nothing -> Optional.empty();
                case Missing missing -> Optional.of("no signing key for tenant " + tenant + ": " + missing.keyFile()
                        + " does not exist, but its log is signed by key " + missing.signedBy());
                case Different different -> Optional.of("wrong signing key for tenant " + tenant + ": "
                        + different.keyFile() + " holds key " + different.held() + ", but its log is signed by key "
                        + different.signedBy());
            };
        }

        /** The key file holds the key that signed the stored checkpoint. */
        record Holds(Path keyFile) implements KeyMatch {
        }

        /** The store holds no signed checkpoint of the tenant yet. */
        record NothingSigned(Path keyFile) implements KeyMatch {
        }

        /** There is no key file; {@code signedBy} is the key (name+ID) that signed the stored checkpoint. */
        record Missing(Path keyFile, String signedBy) implements KeyMatch {
        }

        /** The key file holds another key ({@code held}, name+ID) than the one that signed ({@code signedBy}). */
        record Different(Path keyFile, String signedBy, String held) implements KeyMatch {
        }
    }

    private NoteSigner loadOrCreate(String tenant) {
        Path keyFile = keyFile(tenant);
        if (readOnly) {
            return readExisting(tenant).orElseThrow(() -> new MissingSigningKeyException(tenant, keyFile));
        }
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
