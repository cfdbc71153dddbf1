package dev.auditlog.server.internal.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.files.OwnerOnly;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.Secrets;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web users file ({@code users.json} in the data directory): each user's name, an Argon2id hash of the
 * password and a role per tenant ({@code "roles": {"<tenant>": "viewer" | "admin" | "super-admin"}}). The
 * first start creates {@code admin}, super-admin of tenant {@code default}; the file's existence is what
 * makes a generated password appear on the first start only.
 *
 * <p>User names are unique whatever their case: {@code ADMIN} cannot be added beside {@code admin}, since the two
 * would be one person to anyone reading the log. Signing in takes the name in any case too ({@link #lookUp}): the
 * user with exactly the name typed, else the one whose name differs from it only in case. A file written before names
 * were unique so may hold two such names; each still signs in by its exact name, and a name typed in another case that
 * could mean either of them signs in as neither.
 *
 * <p>The file is owner-only (0600): the hashes would let anyone who reads them try passwords offline.
 *
 * <p>Writes replace the whole file atomically under this object's lock: the file is small and changes only
 * when a super-admin edits users, so rewriting beats any incremental format.
 */
public final class WebUsers {
    private static final Logger LOG = LoggerFactory.getLogger(WebUsers.class);
    static final String FILE = "users.json";
    /**
     * Checked against when the user name is unknown, so an unknown name costs the same Argon2 time as a
     * wrong password and response times do not reveal which names exist.
     */
    private static final String DUMMY_HASH = PasswordHashes.hash("not-a-password");

    /** The fewest characters a password set on the web pages may have. */
    public static final int MIN_PASSWORD = 12;
    /** Letters and symbols that show as blank: the Hangul fillers and the blank Braille pattern. */
    private static final String INVISIBLE_LETTERS = "\u115F\u1160\u3164\uFFA0\u2800";

    /** A web user as the pages see it: never the hash. */
    public record WebUser(String name, Map<String, WebRole> roles) {
        public Optional<WebRole> role(String tenant) {
            return Optional.ofNullable(roles.get(tenant));
        }
    }

    private final Path file;

    public WebUsers(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /**
     * Creates {@code admin} unless the file exists; {@code password} null means generate and announce one (on standard
     * output, the only place a secret is shown); a chosen one shorter than the pages allow is taken, with a warning, since
     * refusing it would keep a server from starting over a setting it ran with before. Once it exists, a password that is no longer admin's is only warned
     * about, in the log like every other warning: the users file, changed on the pages since,
     * decides, and an environment variable left over from the first start must not undo a change made there.
     */
    public static void ensureAdmin(Path dataDir, String password, Consumer<String> announce) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            if (password != null && !password.isEmpty() && new WebUsers(dataDir).user("admin").isPresent() && !verify(dataDir, "admin", password)) {
                LOG.warn("AUDITLOG_ADMIN_PASSWORD is not the password of web user 'admin', and is ignored: it is read only on "
                        + "the first start. Change the password on the account page (/t/default/account).");
            }
            return;
        }
        boolean generated = password == null || password.isEmpty();
        if (!generated && password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            LOG.warn("AUDITLOG_ADMIN_PASSWORD has fewer than {} characters, the least the pages accept for a password: web user "
                    + "'admin' has a weak one; change it on the account page (/t/default/account)", MIN_PASSWORD);
        }
        String actual = generated ? Secrets.base64Url(15) : password;
        ObjectNode doc = Json.object();
        ArrayNode users = doc.putArray("users");
        ObjectNode admin = users.addObject();
        admin.put("name", "admin");
        admin.put("password_hash", PasswordHashes.hash(actual));
        admin.putObject("roles").put(Tenant.DEFAULT, WebRole.SUPER_ADMIN.wire());
        write(file, doc);
        if (generated) {
            announce.accept("Generated password for web user 'admin' (shown only now; set AUDITLOG_ADMIN_PASSWORD to choose one): " + actual);
        }
    }

    /** Whether {@code password} is the stored one of user {@code name}. */
    public static boolean verify(Path dataDir, String name, String password) {
        return new WebUsers(dataDir).authenticate(name, password).isPresent();
    }

    /** The user a typed name means ({@link #lookUp}, so in any case), when the password is theirs. */
    public synchronized Optional<WebUser> authenticate(String name, String password) {
        JsonNode user = findAnyCase(read(), name);
        String stored = user == null ? DUMMY_HASH : user.path("password_hash").asText();
        boolean ok = PasswordHashes.matches(password, stored);
        return ok && user != null ? Optional.of(toUser(user)) : Optional.empty();
    }

    public synchronized Optional<WebUser> user(String name) {
        return Optional.ofNullable(find(read(), name)).map(WebUsers::toUser);
    }

    /**
     * The user a typed name means, whatever its case: the user with exactly that name, else the only one whose name
     * equals it ignoring case (none when a file from before names were unique holds several).
     */
    public synchronized Optional<WebUser> lookUp(String name) {
        return Optional.ofNullable(findAnyCase(read(), name)).map(WebUsers::toUser);
    }

    public synchronized List<WebUser> users() {
        List<WebUser> all = new ArrayList<>();
        read().path("users").forEach(u -> all.add(toUser(u)));
        return all;
    }

    /** Adds a user with a role on one tenant; false when the name is taken, in whatever case ({@link #lookUp} finds its user). */
    public synchronized boolean add(String name, String password, String tenant, WebRole role) {
        ObjectNode doc = read();
        for (JsonNode user : doc.path("users")) {
            if (user.path("name").asText().equalsIgnoreCase(name)) return false;
        }
        ObjectNode user = doc.withArray("users").addObject();
        user.put("name", name);
        user.put("password_hash", PasswordHashes.hash(password));
        user.putObject("roles").put(tenant, role.wire());
        write(file, doc);
        return true;
    }

    /**
     * Why {@code password} (typed again as {@code confirmation}) may not be set, or null when it may. Spaces count
     * towards the length (a pass phrase has them), but a password of nothing else is refused.
     */
    public static String passwordProblem(String password, String confirmation) {
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD) return "A password has at least " + MIN_PASSWORD + " characters.";
        if (password.codePoints().allMatch(WebUsers::blank)) return "A password cannot be only spaces.";
        if (!password.equals(confirmation)) return "The two new passwords differ.";
        return null;
    }

    /**
     * A space of any kind (a no-break space too), a control character, or one that shows nothing: a zero-width space, a
     * combining mark with nothing to combine with, a Hangul filler, the blank Braille pattern.
     */
    private static boolean blank(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || type == Character.FORMAT
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || INVISIBLE_LETTERS.indexOf(c) >= 0;
    }

    /** Replaces a user's password; false when there is no such user. */
    public synchronized boolean setPassword(String name, String password) {
        ObjectNode doc = read();
        JsonNode user = find(doc, name);
        if (user == null) return false;
        ((ObjectNode) user).put("password_hash", PasswordHashes.hash(password));
        write(file, doc);
        return true;
    }

    /** A user's role on one tenant before and after a change; null means no role. */
    public record RoleChange(WebRole before, WebRole after) {
        public boolean changed() {
            return before != after;
        }
    }

    /**
     * Sets (or with {@code role} null, removes) a user's role on a tenant; empty when there is no such user.
     * The role it replaced is read under the same lock, so the change a caller records is the one made.
     */
    public synchronized Optional<RoleChange> setRole(String name, String tenant, WebRole role) {
        ObjectNode doc = read();
        JsonNode user = find(doc, name);
        if (user == null) return Optional.empty();
        WebRole before = toUser(user).role(tenant).orElse(null);
        ObjectNode roles = ((ObjectNode) user).withObject("roles");
        if (role == null) roles.remove(tenant);
        else roles.put(tenant, role.wire());
        write(file, doc);
        return Optional.of(new RoleChange(before, role));
    }

    private ObjectNode read() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode find(JsonNode doc, String name) {
        for (JsonNode user : doc.path("users")) {
            if (user.path("name").asText().equals(name)) return user;
        }
        return null;
    }

    private static JsonNode findAnyCase(JsonNode doc, String name) {
        JsonNode exact = find(doc, name);
        if (exact != null) return exact;
        JsonNode found = null;
        for (JsonNode user : doc.path("users")) {
            if (!user.path("name").asText().equalsIgnoreCase(name)) continue;
            if (found != null) return null; // ambiguous: two names that differ only in case, neither typed exactly
            found = user;
        }
        return found;
    }

    /** Roles the file names but this version does not know are ignored rather than failing the sign-in. */
    private static WebUser toUser(JsonNode user) {
        Map<String, WebRole> roles = new TreeMap<>();
        user.path("roles").properties().forEach(e -> WebRole.fromWire(e.getValue().asText()).ifPresent(r -> roles.put(e.getKey(), r)));
        return new WebUser(user.path("name").asText(), roles);
    }

    private static void write(Path file, JsonNode doc) {
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp); // left by a crash, perhaps with other permissions
            OwnerOnly.writeNew(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
