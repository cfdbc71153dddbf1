package dev.auditlog.core.checkpoint;

/**
 * A signed statement of a tenant log's size and root hash (CONTRACT §6).
 *
 * @param origin     the log's name, first line of the note (e.g. {@code auditlog/acme})
 * @param size       number of entries covered
 * @param rootHash   RFC 6962 root of the first {@code size} entries
 * @param signedNote the C2SP tlog-checkpoint body plus its Ed25519 signature line
 * @param publicKey  the signer's verifier key in C2SP signed-note form ({@code name+hash+base64})
 */
public record Checkpoint(String origin, long size, byte[] rootHash, String signedNote, String publicKey) {
}
