package dev.auditlog.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OccurrencesTest {
    private static final String P = "subject-0123456789ab";

    /** In the person's own entries, where every name is a token: the rules of what a token is. */
    private static Occurrences of(Set<String> texts, Set<String> ips) {
        return Occurrences.inOwnEntries(texts, ips, P);
    }

    private final Occurrences bob = of(Set.of("Bob", "bob@example.com"), Set.of("10.0.0.1"));

    @Test
    void aNameIsReplacedOnlyWhereItIsAWholeToken() {
        assertThat(bob.replace("Bobby Tables")).isEqualTo("Bobby Tables");
        assertThat(bob.replace("Bobsled booking for the Annual Bob-fest"))
                .isEqualTo("Bobsled booking for the Annual " + P + "-fest");
        assertThat(bob.replace("ask Bob, or BOB.")).isEqualTo("ask " + P + ", or " + P + ".");
        assertThat(bob.replace("Jacob2Bob and Bob3")).isEqualTo("Jacob2Bob and Bob3");
    }

    @Test
    void boundariesAreJudgedPerCodePointInEveryScript() {
        assertThat(bob.replace("ÄBob Bobé")).isEqualTo("ÄBob Bobé");
        assertThat(bob.replace("\uD835\uDC9CBob Bob\uD835\uDFCE")).isEqualTo("\uD835\uDC9CBob Bob\uD835\uDFCE");
        assertThat(bob.replace("\uD83D\uDE00Bob\uD83D\uDE00")).isEqualTo("\uD83D\uDE00" + P + "\uD83D\uDE00");
    }

    @Test
    void theLongestNameWinsAndAShorterOneStillCountsWhereTheLongerIsNoToken() {
        Occurrences ada = of(Set.of("Ada", "Ada Lovelace"), Set.of());
        assertThat(ada.replace("Ada Lovelace met Ada Lovelaces")).isEqualTo(P + " met " + P + " Lovelaces");
    }

    @Test
    void anEmailAddressIsAWholeTokenToo() {
        assertThat(bob.replace("mail bob@example.com-login-1 or xbob@example.com"))
                .isEqualTo("mail " + P + "-login-1 or xbob@example.com");
    }

    @Test
    void anEmailAddressThatIsPartOfALongerOneIsLeftAlone() {
        Occurrences mailbox = of(Set.of("bob@example.com"), Set.of());
        assertThat(mailbox.replace("sent to bob@example.com.au, jo.bob@example.com, jo+bob@example.com and bob@example.com."))
                .isEqualTo("sent to bob@example.com.au, jo.bob@example.com, jo+bob@example.com and " + P + ".");
    }

    @Test
    void inOtherPeoplesEntriesAOneWordNameIsReplacedOnlyAsTheWholeOfAFieldNamingAPerson() {
        Occurrences mark = Occurrences.everywhere(Set.of("Mark", "Al"), Set.of(), P);
        assertThat(mark.replace("mark")).isEqualTo(P);
        assertThat(mark.replaceInText("mark")).as("as text: a status, a role, a whole description").isEqualTo("mark");
        assertThat(mark.replace("Mark invoice #5 as paid")).isEqualTo("Mark invoice #5 as paid");
        assertThat(mark.replace("Al said")).isEqualTo("Al said");
    }

    @Test
    void inOtherPeoplesEntriesAFullNameAndAnEmailAddressAreReplacedAsTokens() {
        Occurrences ada = Occurrences.everywhere(Set.of("Ada", "Ada Lovelace", "ada@example.com"), Set.of(), P);
        assertThat(ada.replace("Grace wrote to Ada Lovelace (ada@example.com) about Ada's laptop"))
                .isEqualTo("Grace wrote to " + P + " (" + P + ") about Ada's laptop");
    }

    @Test
    void aTextMentionsThePersonByAnEmailAddressAnIpOrAFullNameButNotByAOneWordNameAlone() {
        Occurrences ada = Occurrences.everywhere(Set.of("Ada", "Ada Lovelace", "ada@example.com"), Set.of("10.0.0.1"), P);
        assertThat(ada.mentions("mail from ada@example.com")).isTrue();
        assertThat(ada.mentions("login from 10.0.0.1")).isTrue();
        assertThat(ada.mentions("Ada Lovelace signed")).isTrue();
        assertThat(ada.mentions("Ada")).as("a whole field, maybe another Ada").isFalse();
        assertThat(ada.mentions("Ada signed")).isFalse();
    }

    @Test
    void inThePersonsOwnEntriesAShortNameIsReplacedAsAWholeToken() {
        Occurrences al = Occurrences.inOwnEntries(Set.of("Al", "al@x.com"), Set.of(), P);
        assertThat(al.replace("Al logged in; mailed al@x.com; Alan and Also stay")).isEqualTo(P + " logged in; mailed " + P
                + "; Alan and Also stay");
    }

    @Test
    void inThePersonsOwnEntriesEachWordOfTheirFullNameIsReplacedButNotInitialsOrParticles() {
        Occurrences ada = Occurrences.inOwnEntries(Set.of("Ada K. de Lovelace"), Set.of(), P);
        assertThat(ada.replace("Ticket: Lovelace, Ada asked K. de Vries for a refund; Adam stays"))
                .isEqualTo("Ticket: " + P + ", " + P + " asked K. de Vries for a refund; Adam stays");
    }

    @Test
    void inOtherPeoplesEntriesTheWordsOfAFullNameAloneAreLeftAlone() {
        assertThat(Occurrences.everywhere(Set.of("Ada Lovelace"), Set.of(), P).replace("Lovelace, Ada approved"))
                .isEqualTo("Lovelace, Ada approved");
    }

    @Test
    void anIpv4AddressIsReplacedButNotTheAddressesItIsPartOf() {
        assertThat(bob.replace("server 10.0.0.15 and 110.0.0.1 and 10.0.0.1.5"))
                .isEqualTo("server 10.0.0.15 and 110.0.0.1 and 10.0.0.1.5");
        assertThat(bob.replace("login from 10.0.0.1.")).isEqualTo("login from " + P + ".");
        assertThat(bob.replace("10.0.0.1")).isEqualTo(P);
    }

    @Test
    void anIpv6AddressIsFoundInEverySpelling() {
        Occurrences v6 = of(Set.of(), Set.of("2001:db8::7"));
        assertThat(v6.replace("from 2001:db8:0:0:0:0:0:7 and 2001:DB8::0:7.")).isEqualTo("from " + P + " and " + P + ".");
        assertThat(v6.replace("[2001:db8::7]:443")).isEqualTo("[" + P + "]:443");
        assertThat(v6.replace("2001:db8::7:1 2001:db8::77 at 10:30:00")).isEqualTo("2001:db8::7:1 2001:db8::77 at 10:30:00");
        assertThat(v6.isWhole("2001:0db8::0007")).isTrue();
    }

    @Test
    void aNameIsFoundWhetherItsAccentsComeComposedOrDecomposed() {
        String decomposed = "Zoe\u0308 Bronte\u0308";
        String composed = "Zo\u00eb Bront\u00eb";
        assertThat(of(Set.of(decomposed), Set.of()).replace(composed + " changed her password")).isEqualTo(P + " changed her password");
        assertThat(of(Set.of(composed), Set.of()).replace("by " + decomposed)).isEqualTo("by " + P);
        assertThat(of(Set.of(composed), Set.of()).isWhole(decomposed.toUpperCase(Locale.ROOT))).isTrue();
    }

    @Test
    void aTextWithoutTheSubjectIsReturnedAsItCameEvenDecomposed() {
        String decomposed = "Rene\u0301 signed in";
        assertThat(bob.replace(decomposed)).isSameAs(decomposed);
        assertThat(bob.mentions(decomposed)).isFalse();
    }

    @Test
    void sharpSAndDoubleSSpellOneName() {
        assertThat(of(Set.of("Hans Wei\u00df"), Set.of()).replace("Report: HANS WEISS logged in")).isEqualTo("Report: " + P + " logged in");
        assertThat(of(Set.of("Hans Weiss"), Set.of()).replace("Hans Wei\u00df and Hans WEISS")).isEqualTo(P + " and " + P);
        assertThat(of(Set.of("jess@example.com"), Set.of()).replace("je\u00df@example.com")).isEqualTo("je\u00df@example.com");
    }
}
