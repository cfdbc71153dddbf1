package dev.auditlog.server.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {
    private static final Locale TURKISH = Locale.forLanguageTag("tr-TR");

    @Test
    void aHashMatchesItsPasswordAndNoOther() {
        String hash = PasswordHashes.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHashes.matches("correct horse battery", hash)).isTrue();
        assertThat(PasswordHashes.matches("correct horse batterY", hash)).isFalse();
        assertThat(PasswordHashes.hash("correct horse battery")).as("a fresh salt each time").isNotEqualTo(hash);
    }

    @Test
    void hashesWrittenByEarlierVersionsThroughPassword4jStillMatch() {
        Argon2Function earlier = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
        for (String password : new String[] {"secret", "pässwörd İstanbul ıi", "密码密码密码密码"}) {
            String stored = Password.hash(password).addRandomSalt(16).with(earlier).getResult();
            assertThat(PasswordHashes.matches(password, stored)).as(password).isTrue();
            assertThat(PasswordHashes.matches(password + " ", stored)).as(password).isFalse();
        }
    }

    @Test
    void aTurkishLocaleWritesAndReadsTheSameHashes() {
        String writtenInEnglish = PasswordHashes.hash("secret");
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(TURKISH);
            assertThat(PasswordHashes.matches("secret", writtenInEnglish)).isTrue();
            String writtenInTurkish = PasswordHashes.hash("secret");
            assertThat(writtenInTurkish).startsWith("$argon2id$");
            Locale.setDefault(Locale.ROOT);
            assertThat(PasswordHashes.matches("secret", writtenInTurkish)).isTrue();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aHashPassword4jWroteWithADotlessIUnderATurkishLocaleIsReadAsTheArgon2idItIs() {
        String writtenByPassword4jInTurkish =
                "$argon2ıd$v=19$m=19456,t=2,p=1$7GMcxb3tN8dJGt+o8EeGQQ$TIj90xmIn7lmsEZcMEO9fmTZs/KG6xTUQV0IRF9DPH8";
        assertThat(PasswordHashes.matches("secret", writtenByPassword4jInTurkish)).isTrue();
        assertThat(PasswordHashes.matches("Secret", writtenByPassword4jInTurkish)).isFalse();
    }

    @Test
    void aStringThatIsNoArgon2idHashMatchesNothing() {
        for (String stored : new String[] {"", "secret", "$argon2i$v=19$m=19456,t=2,p=1$7GMcxb3tN8dJGt+o8EeGQQ$TIj90xmIn7lmsEZcMEO9fmTZs/KG6xTUQV0IRF9DPH8",
                "$argon2id$v=19$m=19456,t=2,p=1$7GMcxb3tN8dJGt+o8EeGQ$TIj90xmIn7lmsEZcMEO9fmTZs/KG6xTUQV0IRF9DPH8"}) {
            assertThat(PasswordHashes.matches("secret", stored)).as(stored).isFalse();
        }
    }
}
