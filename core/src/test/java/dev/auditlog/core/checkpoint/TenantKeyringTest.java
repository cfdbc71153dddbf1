package dev.auditlog.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.erasure.Pseudonyms;
import dev.auditlog.core.merkle.Rfc6962;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantKeyringTest {

    private static final int THREADS = 8;

    @TempDir
    Path dataDir;

    @Test
    void keyNameIsTheTenantLogOrigin() {
        NoteSigner signer = new TenantKeyring(dataDir).signer("acme");

        assertThat(TenantKeyring.origin("acme")).isEqualTo("auditlog/acme");
        assertThat(signer.keyName()).isEqualTo("auditlog/acme");
        assertThat(signer.verifierKey()).startsWith("auditlog/acme+");
    }

    @Test
    void secondKeyringOverTheSameDirectoryLoadsTheSameKey() {
        String first = new TenantKeyring(dataDir).signer("acme").verifierKey();

        String second = new TenantKeyring(dataDir).signer("acme").verifierKey();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void keyFileHoldsTheBase64Pkcs8KeyOnOneLine() throws Exception {
        NoteSigner signer = new TenantKeyring(dataDir).signer("acme");

        List<String> lines = Files.readAllLines(dataDir.resolve("keys/acme.key"));

        assertThat(lines).containsExactly(Base64.getEncoder().encodeToString(signer.pkcs8()));
    }

    /**
     * A key file, checkpoint and pseudonym recorded with the JDK-based signer that preceded BouncyCastle:
     * existing data directories must keep their keys, signatures and erased subjects' pseudonyms.
     */
    @Test
    void keyFileFromTheJdkBasedSignerKeepsItsKeySignaturesAndPseudonyms() throws Exception {
        String keyLine = "MC4CAQAwBQYDK2VwBCIEILnUgrVR/Os7H+TCGb5Fz6FbZDfp0gLrZS9GTaeKmImp";
        Files.createDirectories(dataDir.resolve("keys"));
        Files.writeString(dataDir.resolve("keys/acme.key"), keyLine + "\n");
        byte[] root = new byte[32];
        for (int i = 0; i < root.length; i++) {
            root[i] = (byte) i;
        }

        NoteSigner signer = new TenantKeyring(dataDir).signer("acme");

        assertThat(signer.verifierKey()).isEqualTo("auditlog/acme+8e09a005+AZdU7pA//w1jzDbI1VBxz7UCa7MhsNyFCNaKOFDkr/D1");
        assertThat(signer.signCheckpoint("auditlog/acme", 42, root).signedNote()).isEqualTo(
                "auditlog/acme\n42\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n\n\u2014 auditlog/acme "
                + "jgmgBfLngcTBzPPOMx3cBp8wnTkRAckeVhIU5BnuwZI2evuWn6EPyOTARYzxgar4s3+bcSlsbDHdBDEZVX2JLNK3Uwg=\n");
        assertThat(Base64.getEncoder().encodeToString(signer.pkcs8())).isEqualTo(keyLine);
        assertThat(Pseudonyms.of(signer, "user-1")).isEqualTo("subject-1c1673f17c0a");
    }

    @Test
    void keyFileIsOwnerReadWriteOnlyAndDirectoryOwnerOnly() throws Exception {
        new TenantKeyring(dataDir).signer("acme");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("keys/acme.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("keys"))))
                .isEqualTo("rwx------");
    }

    @Test
    void differentTenantsGetDifferentKeys() {
        TenantKeyring keyring = new TenantKeyring(dataDir);

        NoteSigner acme = keyring.signer("acme");
        NoteSigner globex = keyring.signer("globex");

        assertThat(acme.rawPublicKey()).isNotEqualTo(globex.rawPublicKey());
        assertThat(globex.keyName()).isEqualTo("auditlog/globex");
    }

    @Test
    void signerIsCached() {
        TenantKeyring keyring = new TenantKeyring(dataDir);

        assertThat(keyring.signer("acme")).isSameAs(keyring.signer("acme"));
    }

    @Test
    void concurrentFirstUseOfOneTenantCreatesOneKey() throws Exception {
        TenantKeyring keyring = new TenantKeyring(dataDir);

        List<String> keys = race(i -> keyring.signer("acme").verifierKey());

        assertThat(keys).hasSize(THREADS).containsOnly(keys.get(0));
        assertThat(filesInKeysDir()).containsExactly("acme.key");
    }

    @Test
    void keyringsRacingOverOneDirectoryAgreeOnOneKey() throws Exception {
        List<TenantKeyring> keyrings = Stream.generate(() -> new TenantKeyring(dataDir)).limit(THREADS).toList();

        List<String> keys = race(i -> keyrings.get(i).signer("acme").verifierKey());

        assertThat(keys).hasSize(THREADS).containsOnly(keys.get(0));
        assertThat(new TenantKeyring(dataDir).signer("acme").verifierKey()).isEqualTo(keys.get(0));
        assertThat(filesInKeysDir()).containsExactly("acme.key");
    }

    @Test
    void tenantNamesThatCouldEscapeTheKeysDirectoryAreRejected() {
        TenantKeyring keyring = new TenantKeyring(dataDir);

        assertThatThrownBy(() -> keyring.signer("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keyring.signer("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keyring.signer("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantKeyring.origin("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void corruptKeyFileIsReportedNotReplaced() throws Exception {
        Files.createDirectories(dataDir.resolve("keys"));
        Files.writeString(dataDir.resolve("keys/acme.key"), "not a key\n");

        assertThatThrownBy(() -> new TenantKeyring(dataDir).signer("acme"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt signing key file");
        assertThat(Files.readString(dataDir.resolve("keys/acme.key"))).isEqualTo("not a key\n");
    }

    @Test
    void aReadOnlyKeyringRefusesToCreateAMissingKeyAndWritesNothing() {
        TenantKeyring readOnly = TenantKeyring.readOnly(dataDir.resolve("data"));

        assertThatThrownBy(() -> readOnly.signer("acme"))
                .isInstanceOf(MissingSigningKeyException.class)
                .hasMessage("no signing key for tenant acme: " + dataDir.resolve("data/keys/acme.key") + " does not exist");
        assertThat(readOnly.existing("acme")).isEmpty();
        assertThat(dataDir.resolve("data")).doesNotExist();
    }

    @Test
    void aReadOnlyKeyringSignsWithTheExistingKey() {
        String created = new TenantKeyring(dataDir).signer("acme").verifierKey();

        assertThat(TenantKeyring.readOnly(dataDir).signer("acme").verifierKey()).isEqualTo(created);
        assertThat(TenantKeyring.readOnly(dataDir).existing("acme")).map(NoteSigner::verifierKey).contains(created);
    }

    @Test
    void aStoredCheckpointMatchesTheKeyThatSignedIt() {
        Checkpoint stored = new TenantKeyring(dataDir).signer("acme").signCheckpoint("auditlog/acme", 0, Rfc6962.emptyRoot());

        assertThat(TenantKeyring.readOnly(dataDir).match("acme", stored))
                .isEqualTo(new TenantKeyring.KeyMatch.Holds(dataDir.resolve("keys/acme.key")));
    }

    @Test
    void aStoredCheckpointWhoseKeyFileIsGoneIsAMissingKeyNamingTheKeyThatSignedIt() throws Exception {
        NoteSigner lost = new TenantKeyring(dataDir).signer("acme");
        Checkpoint stored = lost.signCheckpoint("auditlog/acme", 0, Rfc6962.emptyRoot());
        Files.delete(dataDir.resolve("keys/acme.key"));

        TenantKeyring.KeyMatch match = TenantKeyring.readOnly(dataDir).match("acme", stored);

        assertThat(match).isEqualTo(new TenantKeyring.KeyMatch.Missing(dataDir.resolve("keys/acme.key"), nameAndId(lost)));
        assertThat(filesInKeysDir()).isEmpty();
    }

    @Test
    void aStoredCheckpointSignedByAnotherKeyThanTheKeyFileIsADifferentKey() {
        NoteSigner elsewhere = new TenantKeyring(dataDir.resolve("elsewhere")).signer("acme");
        NoteSigner here = new TenantKeyring(dataDir).signer("acme");
        Checkpoint stored = elsewhere.signCheckpoint("auditlog/acme", 0, Rfc6962.emptyRoot());

        TenantKeyring.KeyMatch match = TenantKeyring.readOnly(dataDir).match("acme", stored);

        assertThat(match).isEqualTo(new TenantKeyring.KeyMatch.Different(dataDir.resolve("keys/acme.key"),
                nameAndId(elsewhere), nameAndId(here)));
    }

    @Test
    void aTenantWithNothingSignedYetNeedsNoKey() {
        assertThat(TenantKeyring.readOnly(dataDir).match("acme", null))
                .isEqualTo(new TenantKeyring.KeyMatch.NothingSigned(dataDir.resolve("keys/acme.key")));
        assertThat(dataDir.resolve("keys")).doesNotExist();
    }

    /** The key's name and ID: the first two of the three '+'-separated parts of its verifier key. */
    private static String nameAndId(NoteSigner signer) {
        String[] parts = signer.verifierKey().split("\\+", 3);
        return parts[0] + "+" + parts[1];
    }

    private List<String> filesInKeysDir() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("keys"))) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    /** Runs the task on {@link #THREADS} threads released together; returns results by thread index. */
    private static List<String> race(IndexedTask task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                Callable<String> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedTask {
        String run(int index) throws Exception;
    }
}
