package dev.auditlog.server.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User names are one person whatever their case; passwords are long enough and more than spaces. */
class WebUsersTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dataDir;
    private WebUsers users;

    @BeforeEach
    void create() {
        WebUsers.ensureAdmin(dataDir, PASSWORD, message -> { });
        users = new WebUsers(dataDir);
    }

    @Test
    void aPasswordsLengthIsCountedInCharactersNotInUtf16Units() {
        String sixEmoji = "😀".repeat(6); // twelve UTF-16 units
        assertThat(WebUsers.passwordProblem(sixEmoji, sixEmoji)).isEqualTo("A password has at least 12 characters.");
        String twelveEmoji = "😀".repeat(12);
        assertThat(WebUsers.passwordProblem(twelveEmoji, twelveEmoji)).isNull();
    }

    @Test
    void aNameDifferingFromATakenOneOnlyInCaseIsTakenToo() {
        assertThat(users.add("ADMIN", "another-password-123", Tenant.DEFAULT, WebRole.VIEWER)).isFalse();
        assertThat(users.add("Admin", "another-password-123", "other", WebRole.VIEWER)).isFalse();
        assertThat(users.users()).extracting(WebUsers.WebUser::name).containsExactly("admin");
    }

    @Test
    void theUserOfANameIsFoundWhateverTheCaseTypedAndSignsInAsTheFileSpellsIt() {
        users.add("Mia.Lopez", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        assertThat(users.lookUp("mia.lopez")).map(WebUsers.WebUser::name).contains("Mia.Lopez");
        assertThat(users.authenticate("MIA.LOPEZ", PASSWORD)).map(WebUsers.WebUser::name).contains("Mia.Lopez");
        assertThat(users.authenticate("Mia.Lopez", PASSWORD)).as("the exact name, as before").isPresent();
        assertThat(users.authenticate("mia.lopez", "a-wrong-password-123")).isEmpty();
    }

    /** A file written before names were unique whatever their case may hold both spellings: each signs in by its exact name only. */
    @Test
    void twoNamesDifferingOnlyInCaseFromAnOlderFileEachSignInByTheirExactNameAndAnotherCaseMeansNeither() throws IOException {
        users.add("max", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        Path file = dataDir.resolve(WebUsers.FILE);
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        ArrayNode list = doc.withArray("users");
        ObjectNode copy = list.get(1).deepCopy();
        copy.put("name", "Max");
        copy.putObject("roles").put(Tenant.DEFAULT, WebRole.ADMIN.wire());
        list.add(copy);
        Files.write(file, Json.MAPPER.writeValueAsBytes(doc));

        assertThat(users.authenticate("max", PASSWORD)).map(u -> u.role(Tenant.DEFAULT).orElseThrow()).contains(WebRole.VIEWER);
        assertThat(users.authenticate("Max", PASSWORD)).map(u -> u.role(Tenant.DEFAULT).orElseThrow()).contains(WebRole.ADMIN);
        assertThat(users.authenticate("MAX", PASSWORD)).isEmpty();
        assertThat(users.lookUp("MAX")).isEmpty();
    }

    @Test
    void aPasswordIsAtLeastTwelveCharactersAndNotOnlySpaces() {
        assertThat(WebUsers.passwordProblem("short", "short")).isEqualTo("A password has at least 12 characters.");
        assertThat(WebUsers.passwordProblem(" ".repeat(12), " ".repeat(12))).isEqualTo("A password cannot be only spaces.");
        assertThat(WebUsers.passwordProblem(" \t".repeat(8), " \t".repeat(8))).isEqualTo("A password cannot be only spaces.");
        for (String invisible : new String[] {"\u00A0", "\u200B", "\u2007", "\u202F", "\u3000", "\uFEFF", "\u3164", "\u2800", "\u034F"}) {
            String password = invisible.repeat(12);
            assertThat(WebUsers.passwordProblem(password, password)).as("U+%04X", (int) invisible.charAt(0))
                    .isEqualTo("A password cannot be only spaces.");
        }
        assertThat(WebUsers.passwordProblem("  a pass phrase  ", "  a pass phrase  ")).as("spaces within and around count").isNull();
        assertThat(WebUsers.passwordProblem("a-long-password", "a-long-passwort")).isEqualTo("The two new passwords differ.");
    }
}
