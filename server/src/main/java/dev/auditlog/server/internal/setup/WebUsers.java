package dev.auditlog.server.internal.setup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.Secrets;
import dev.auditlog.server.internal.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * The web users file ({@code users.json} in the data directory). This issue only creates the first user,
 * {@code admin}, super-admin of tenant {@code default}, with an Argon2id hash of its password; sign-in
 * comes later. The file's existence is what makes a generated password appear on the first start only.
 */
public final class WebUsers {
    static final String FILE = "users.json";
    /** Argon2id, 19 MiB, 2 passes, 1 lane: the OWASP minimum for Argon2id. */
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    private WebUsers() {
    }

    /** Creates {@code admin} unless the file exists; {@code password} null means generate and announce one. */
    public static void ensureAdmin(Path dataDir, String password, Consumer<String> announce) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) return;
        boolean generated = password == null || password.isEmpty();
        String actual = generated ? Secrets.base64Url(15) : password;
        ObjectNode doc = Json.object();
        ArrayNode users = doc.putArray("users");
        ObjectNode admin = users.addObject();
        admin.put("name", "admin");
        admin.put("password_hash", Password.hash(actual).addRandomSalt(16).with(ARGON2).getResult());
        admin.putObject("roles").put(Tenant.DEFAULT, "super-admin");
        try {
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        if (generated) {
            announce.accept("Generated password for web user 'admin' (shown only now; set AUDITLOG_ADMIN_PASSWORD to choose one): " + actual);
        }
    }

    /** Whether {@code password} is the stored one of user {@code name}. */
    public static boolean verify(Path dataDir, String name, String password) {
        try {
            for (var user : Json.MAPPER.readTree(dataDir.resolve(FILE).toFile()).path("users")) {
                if (user.path("name").asText().equals(name)) {
                    return Password.check(password, user.path("password_hash").asText()).with(ARGON2);
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
