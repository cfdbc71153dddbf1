package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.StoreException;
import java.nio.file.Path;

/** The database holds fewer entries of a tenant than it once acknowledged (see {@link LeafHashFile#open}). */
final class LogBehindException extends StoreException {
    LogBehindException(String tenant, Path leafFile, long acknowledged, long held) {
        super("tenant " + tenant + ": the database holds " + held + " entries, but " + acknowledged + " were acknowledged ("
                + leafFile + " holds their leaf hashes): the database lost its newest entries, most likely restored from an "
                + "older backup. Starting would give new entries the seqs from " + held + " on and fork the signed log, so "
                + "that checkpoints published beyond " + held + " no longer verify. Restore the newest backup of the whole data "
                + "directory; or, to go on from this database and accept the fork, move " + leafFile + " away", null);
    }
}
