package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.files.OwnerOnly;
import dev.auditlog.core.merkle.Rfc6962;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of one tenant's leaf hashes in seq order, 32 bytes each, in a flat file next to the database: what
 * lets an inclusion proof read the 256 leaves of a tile with one positional read (microseconds) instead of
 * a query (milliseconds).
 *
 * <p>It is a cache, never the truth. The database holds every leaf hash; this file is appended after each
 * batch commits, without fsync, and trimmed or topped up from the database on open. Nothing read from it
 * is trusted: {@link dev.auditlog.core.store.TiledTree} folds each tile and compares it with the tile root
 * it holds, and reads the database instead when they differ. So a torn write or a lost page after a power
 * cut costs speed, never a wrong proof. Any I/O error turns the file off until the next open.
 *
 * <p>The file is opened for each read and each append, not kept open: one descriptor per tenant, kept for good, made
 * the process's open-files limit a limit on the number of tenants (at 300, the 263rd tenant could not be created, and
 * the server could not start again). Opening costs some microseconds against a proof's read of a whole tile.
 */
final class LeafHashFile {
    private static final Logger LOG = LoggerFactory.getLogger(LeafHashFile.class);
    private static final int HASH = Rfc6962.HASH_SIZE;

    private final Path path;
    private volatile long leaves;
    private volatile boolean usable = true;

    private LeafHashFile(Path path, long leaves) {
        this.path = path;
        this.leaves = leaves;
    }

    /**
     * The file of {@code tenant}, its torn last hash cut off; one turned off if that fails.
     *
     * <p>A file holding more leaves than the log of the database refuses: it is appended only once a batch is durable,
     * so the database lost entries it acknowledged, most likely restored from an older backup. Going on would give new
     * entries the lost seqs and fork the signed log, and checkpoints published beyond it would no longer verify; an
     * operator decides that, knowingly.
     *
     * @throws LogBehindException when the file holds more leaves than {@code treeSize}
     */
    static LeafHashFile open(Path dir, String tenant, long treeSize) {
        Path path = dir.resolve(tenant + ".leaves");
        try {
            OwnerOnly.createDirectories(dir);
            try (FileChannel channel = OwnerOnly.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long leaves = channel.size() / HASH;
                if (leaves > treeSize) throw new LogBehindException(tenant, path, leaves, treeSize);
                channel.truncate(leaves * HASH);
                return new LeafHashFile(path, leaves);
            }
        } catch (IOException e) {
            LeafHashFile off = new LeafHashFile(path, 0);
            off.disable("could not open it", e);
            return off;
        }
    }

    /** Leaves the file holds: seqs {@code [0, leaves())}. */
    long leaves() {
        return leaves;
    }

    /** Appends the hashes of seqs {@code [firstSeq, firstSeq + hashes.size())}; only the writer calls this. */
    synchronized void append(long firstSeq, List<byte[]> hashes) {
        if (!usable || hashes.isEmpty()) return;
        if (firstSeq != leaves) {
            disable("expected seq " + leaves + " next, got " + firstSeq, null);
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(hashes.size() * HASH);
        for (byte[] h : hashes) buf.put(h);
        buf.flip();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long at = leaves * HASH;
            while (buf.hasRemaining()) at += channel.write(buf, at);
            leaves += hashes.size();
        } catch (IOException e) {
            disable("write failed", e);
        }
    }

    /** The hashes of seqs {@code [from, from + count)}, or null when the file does not hold them all. */
    byte[][] read(long from, int count) {
        if (!usable || from + count > leaves) return null;
        ByteBuffer buf = ByteBuffer.allocate(count * HASH);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long at = from * HASH;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, at);
                if (n < 0) return null;
                at += n;
            }
        } catch (IOException e) {
            disable("read failed", e);
            return null;
        }
        byte[][] hashes = new byte[count][HASH];
        buf.flip();
        for (byte[] h : hashes) buf.get(h);
        return hashes;
    }

    private void disable(String why, Exception e) {
        usable = false;
        LOG.warn("leaf hash file {} turned off until the next start ({}: {}); proofs read the database instead", path, why,
                e == null ? "" : e.getMessage());
    }
}
