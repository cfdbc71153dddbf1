package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.StoreException;
import java.nio.file.Path;

/**
 * The data directory was written by a newer Auditlog, in a store format this build would misread
 * (see {@link Schema#claimFormat}).
 */
final class NewerStoreFormatException extends StoreException {
    NewerStoreFormatException(Path dataDir, int format) {
        super("the embedded store in " + dataDir + " is of store format " + format + ", newer than this build of Auditlog knows ("
                + Schema.STORE_FORMAT + "): a newer version wrote it, and this one would misread what that one appended. Run "
                + "that version, or restore the backup taken before the upgrade", null);
    }
}
