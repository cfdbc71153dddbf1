package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guard against starting on an empty database beside tenants' data: a data directory whose {@code keys/} or
 * {@code leaves/} name tenants but whose database file is gone (an incomplete restore, a deleted file) lost that
 * file, and is not a first start. Creating a new database there would hide every log without a word, and a tenant
 * created again would restart at seq 0 under its old signing key, which would then sign two conflicting histories.
 */
final class LostDatabase {
    private LostDatabase() {
    }

    /**
     * Refuses to go on when {@code database} is missing while {@code dataDir} holds tenants' key or leaf hash files.
     *
     * @throws StoreException whose one-line message names the missing file, some of the tenants, and what to do
     */
    static void refuseIfTenantsRemain(Path dataDir, Path database) {
        if (Files.exists(database)) return;
        Set<String> tenants = new TreeSet<>();
        tenants.addAll(named(dataDir.resolve("keys"), ".key"));
        tenants.addAll(named(dataDir.resolve("leaves"), ".leaves"));
        if (tenants.isEmpty()) return;
        String some = String.join(", ", tenants.stream().limit(3).toList()) + (tenants.size() > 3 ? ", …" : "");
        throw new StoreException(database + " does not exist, but " + dataDir + " holds the signing keys or leaf "
                + "hashes of tenants (" + some + "): restore " + database.getFileName() + " from a backup; to start "
                + "afresh on purpose, move the data directory away first", null);
    }

    /** The tenants a directory has files of, by their suffix (temporary files start with a dot). */
    private static Set<String> named(Path dir, String suffix) {
        Set<String> tenants = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "[!.]*" + suffix)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                tenants.add(name.substring(0, name.length() - suffix.length()));
            }
        } catch (NoSuchFileException | NotDirectoryException none) {
            return tenants;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return tenants;
    }
}
