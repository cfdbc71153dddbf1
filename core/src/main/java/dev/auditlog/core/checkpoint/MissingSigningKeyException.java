package dev.auditlog.core.checkpoint;

import java.nio.file.Path;

/** A {@link TenantKeyring#readOnly read-only keyring} asked for the signer of a tenant that has no key file. */
public final class MissingSigningKeyException extends IllegalStateException {
    private final String tenant;
    private final Path keyFile;

    public MissingSigningKeyException(String tenant, Path keyFile) {
        super("no signing key for tenant " + tenant + ": " + keyFile + " does not exist");
        this.tenant = tenant;
        this.keyFile = keyFile;
    }

    public String tenant() {
        return tenant;
    }

    public Path keyFile() {
        return keyFile;
    }
}
