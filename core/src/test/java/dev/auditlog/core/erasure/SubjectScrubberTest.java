package dev.auditlog.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubjectScrubberTest {
    private static final String P = "subject-0123456789ab";
    private static final Actor ADA = new Actor("user", "u_42", "Ada Lovelace", "ada@example.com");
    private static final Actor GRACE = new Actor("user", "u_17", "Grace Hopper", "grace@example.com");

    private static Event event(Actor actor, Target target, List<Concern> concerns, String ip, String description,
                               String changes, String metadata, String idempotencyKey) {
        return new Event("user.updated", EventType.UPDATED, "crm", description, null, actor, target, concerns, ip, null,
                Event.SUCCESS, json(changes), json(metadata), idempotencyKey);
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : new ObjectMapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Entry entry(long seq, Event event) {
        Entry e = new Entry("acme", "e" + seq, seq, Instant.parse("2026-11-02T09:00:00Z"), event, new byte[16], null, null);
        return new Entry(e.tenant(), e.id(), e.seq(), e.recordedAt(), e.event(), e.salt(), null, LeafEncoding.leafHash(e));
    }

    private static List<Optional<Entry>> erase(String subjectId, Entry... log) {
        SubjectScrubber scrubber = new SubjectScrubber(subjectId, P);
        for (Entry e : log) scrubber.learn(e);
        return Arrays.stream(log).map(scrubber::scrub).toList();
    }

    @Test
    void aShortNameLeavesThePersonsOwnEntriesAsATokenButOnlyWholeFieldsOfOthers() {
        Actor bo = new Actor("user", "u_b", "Bo", null);
        Entry own = entry(0, event(bo, null, List.of(), null, "Bo logged in", null, null, null));
        Entry other = entry(1, event(GRACE, null, List.of(), null, "Bo and Grace met", null, "{'owner':'Bo'}", null));
        List<Optional<Entry>> erased = erase("u_b", own, other);
        assertThat(erased.get(0).orElseThrow().event().description()).isEqualTo(P + " logged in");
        assertThat(erased.get(1).orElseThrow().event().description()).isEqualTo("Bo and Grace met");
        assertThat(erased.get(1).orElseThrow().event().metadata().get("owner").asText()).isEqualTo(P);
    }

    /**
     * A one-word name is often a word: erasing a user named "Jordan", "Admin" or "Sent" must not rewrite, for good,
     * another entry's country, role or status that is the same word, nor a member named by it; a field that names a
     * person (a name, an assignee) is taken for them.
     */
    @Test
    void aOneWordNameInAnEntryNotAboutThePersonGoesOnlyFromFieldsThatNameAPerson() {
        Actor jordan = new Actor("user", "u_jordan", "Jordan", null);
        Entry own = entry(0, event(jordan, null, List.of(), null, "Jordan signed in", null, null, null));
        Entry other = entry(1, event(GRACE, new Target("customer", "c_77", "Jordan", null), List.of(new Concern("user", "u_5", "jordan")),
                null, "Jordan", "{'country':{'old':'Jordan','new':'Georgia'},'assignee':{'old':'Jordan','new':'Grace'},"
                        + "'owner_name':'JORDAN','Display-Name':'Jordan','role':'jordan','tags':['Jordan']}",
                "{'Jordan':'region code','reviewed_by':['Jordan'],'status':'jordan'}", null));
        Event scrubbed = erase("u_jordan", own, other).get(1).orElseThrow().event();
        assertThat(scrubbed.description()).as("the whole description, a word").isEqualTo("Jordan");
        assertThat(scrubbed.target().name()).as("a name field: the person under another id").isEqualTo(P);
        assertThat(scrubbed.concerns().getFirst().name()).isEqualTo(P);
        assertThat(scrubbed.changes()).isEqualTo(json("{'country':{'old':'Jordan','new':'Georgia'},'assignee':{'old':'" + P
                + "','new':'Grace'},'owner_name':'" + P + "','Display-Name':'" + P + "','role':'jordan','tags':['Jordan']}"));
        assertThat(scrubbed.metadata()).isEqualTo(json("{'Jordan':'region code','reviewed_by':['" + P + "'],'status':'jordan'}"));
    }

    @Test
    void theMembersThatNameAPersonAreThoseOfNamesOfRolesAndOfWhoeverDidSomethingBy() {
        for (String member : List.of("name", "Display-Name", "given_name", "surname", "nickname", "owner_name", "assignee", "by",
                "approved_by", "approved-by", "approvedBy", "APPROVED_BY", "created_by_name", "reviewedByName")) {
            assertThat(SubjectIdentifiers.namesAPerson(member)).as(member).isTrue();
        }
        for (String member : List.of("status", "role", "country", "hobby", "lobby", "standby", "filename", "role_name", "nearby")) {
            assertThat(SubjectIdentifiers.namesAPerson(member)).as(member).isFalse();
        }
    }

    @Test
    void aOneWordNameThatIsAlsoAWordLeavesTheTextOfEntriesNotAboutThePerson() {
        Actor mark = new Actor("user", "u_mark", "Mark", null);
        Entry own = entry(0, event(mark, null, List.of(), null, "Mark signed in", null, null, null));
        Entry other = entry(1, event(GRACE, null, List.of(), null, "Mark invoice #5 as paid", null, "{'note':'Mark as paid via bank'}", null));
        List<Optional<Entry>> erased = erase("u_mark", own, other);
        assertThat(erased.get(0).orElseThrow().event().description()).isEqualTo(P + " signed in");
        assertThat(erased.get(1)).isEmpty();
    }

    @Test
    void anEntryWhoseTextNamesThePersonByEmailLosesTheirOneWordNameToo() {
        Actor zed = new Actor("user", "u_z", "Zed", "zed@example.org");
        Entry own = entry(0, event(zed, null, List.of(), null, "Zed signed in", null, null, null));
        Entry mention = entry(1, event(GRACE, null, List.of(), null, "Reset requested by Zed (zed@example.org)", null, null, null));
        Entry unrelated = entry(2, event(GRACE, null, List.of(), null, "Zed-axis calibrated", null, "{'by':'Zed'}", null));
        List<Optional<Entry>> erased = erase("u_z", own, mention, unrelated);
        assertThat(erased.get(1).orElseThrow().event().description()).isEqualTo("Reset requested by " + P + " (" + P + ")");
        assertThat(erased.get(2).orElseThrow().event().description()).as("a whole field \"Zed\" is no sign that the text is about them")
                .isEqualTo("Zed-axis calibrated");
    }

    @Test
    void aScrubbedEntryKeepsItsLeafHashAndCommitsToItsOriginalFields() {
        Entry login = entry(0, event(ADA, null, List.of(), "198.51.100.23", "Ada Lovelace logged in", null, null, null));
        Entry erased = erase("u_42", login).getFirst().orElseThrow();
        assertThat(erased.event().actor()).isEqualTo(new Actor("user", "u_42", P, null));
        assertThat(erased.event().ip()).isNull();
        assertThat(erased.event().description()).isEqualTo(P + " logged in");
        assertThat(erased.salt()).isNull();
        assertThat(erased.personalCommitment()).isEqualTo(LeafEncoding.personalCommitment(login));
        assertThat(LeafEncoding.leafHash(erased)).isEqualTo(login.leafHash());
    }

    @Test
    void theSubjectIsScrubbedFromMemberNamesOfAnotherActorsMetadata() {
        Entry own = entry(0, event(ADA, null, List.of(), "198.51.100.23", null, null, null, null));
        Entry other = entry(1, event(GRACE, null, List.of(), "203.0.113.7", null, null,
                "{'Ada Lovelace':'key holds the name','client_ip':'198.51.100.23'}", null));
        assertThat(erase("u_42", own, other).get(1).orElseThrow().event().metadata())
                .isEqualTo(json("{'" + P + "':'key holds the name','client_ip':'" + P + "'}"));
    }

    @Test
    void aFormerEmailAddressAndNameInTheChangesOfTheSubjectsRecordAreErasedEverywhere() {
        Entry changed = entry(0, event(GRACE, new Target("user", "u_42", "Ada Lovelace", null), List.of(), "203.0.113.7", null,
                "{'email':{'old':'ada.old@example.com','new':'ada@example.com'},'display_name':{'old':'Ada Byron','new':'Ada Lovelace'}}",
                null, null));
        Entry mention = entry(1, event(GRACE, null, List.of(), "203.0.113.7", "wrote to ada.old@example.com about Ada Byron",
                null, null, null));
        List<Optional<Entry>> erased = erase("u_42", changed, mention);
        assertThat(erased.get(0).orElseThrow().event().changes()).isEqualTo(
                json("{'email':{'old':'" + P + "','new':'" + P + "'},'display_name':{'old':'" + P + "','new':'" + P + "'}}"));
        assertThat(erased.get(1).orElseThrow().event().description()).isEqualTo("wrote to " + P + " about " + P);
    }

    @Test
    void otherPeopleInTheSubjectsEntriesKeepTheirDetails() {
        Entry assigned = entry(0, event(GRACE, new Target("user", "u_42", "Ada Lovelace", null), List.of(), "203.0.113.7",
                "Grace Hopper updated Ada Lovelace", "{'manager_email':{'old':null,'new':'grace@example.com'}}", null, null));
        Entry graces = entry(1, event(GRACE, null, List.of(), "203.0.113.7", "Grace Hopper logged in", null, null, null));
        List<Optional<Entry>> erased = erase("u_42", assigned, graces);
        Event scrubbed = erased.get(0).orElseThrow().event();
        assertThat(scrubbed.actor()).isEqualTo(GRACE);
        assertThat(scrubbed.ip()).isEqualTo("203.0.113.7");
        assertThat(scrubbed.description()).isEqualTo("Grace Hopper updated " + P);
        assertThat(scrubbed.changes()).isEqualTo(assigned.event().changes());
        assertThat(erased.get(1)).isEmpty();
    }

    /** "Ann Lee" and ann.lee@example.com name someone else; an actor whose whole name is "Ann" may be the subject. */
    @Test
    void anotherPersonsNameOrEmailThatHoldsTheSubjectsNameAsATokenIsTheirsAndStays() {
        Actor ann = new Actor("user", "emp-7", "Ann", "ann@example.com");
        Actor annLee = new Actor("user", "emp-7.2", "Ann Lee", "ann@example.com.au");
        Actor sameName = new Actor("user", "EMP-7", "Ann", null);
        Entry own = entry(0, event(ann, null, List.of(), null, "Ann logged in", null, null, null));
        Entry lees = entry(1, event(annLee, null, List.of(new Concern("user", "emp-9", "Ann Lee")), null, "Ann Lee logged in",
                null, null, null));
        Entry homonym = entry(2, event(sameName, null, List.of(), null, null, null, null, null));
        List<Optional<Entry>> erased = erase("emp-7", own, lees, homonym);
        assertThat(erased.get(1)).as("Ann Lee's entry, its text included (a one-word name is no token there)").isEmpty();
        assertThat(erased.get(2).orElseThrow().event().actor().name()).isEqualTo(P);
    }

    @Test
    void anotherSpellingOfTheSubjectsIpv6AddressIsErasedToo() {
        Entry own = entry(0, event(ADA, null, List.of(), "2001:db8::7", null, null, null, null));
        Entry other = entry(1, event(GRACE, null, List.of(new Concern("user", "u_42", "Ada Lovelace")), "203.0.113.7",
                "blocked 2001:db8:0:0:0:0:0:7", null, null, null));
        assertThat(erase("u_42", own, other).get(1).orElseThrow().event().description()).isEqualTo("blocked " + P);
    }

    @Test
    void theTargetUrlAndIdempotencyKeyAreScrubbedAsText() {
        Entry own = entry(0, event(ADA, new Target("user", "u_42", null, "https://app.example.com/users/ada@example.com"),
                List.of(), null, null, null, null, "ada@example.com-login-1"));
        Event scrubbed = erase("u_42", own).getFirst().orElseThrow().event();
        assertThat(scrubbed.target().url()).isEqualTo("https://app.example.com/users/" + P);
        assertThat(scrubbed.idempotencyKey()).isEqualTo(P + "-login-1");
    }

    @Test
    void aPercentEncodedAddressOrNameInTheTargetUrlIsErasedAndMakesTheEntryTheirs() {
        Entry invite = entry(0, event(GRACE, new Target("invite", "inv-9", null,
                "https://app.example.com/invites?email=ada%40example.com&name=Ada+Lovelace&next=%2Fhome"),
                List.of(), null, "Invitation sent", null, null, null));
        Entry own = entry(1, event(ADA, null, List.of(), null, null, null, null, null));
        Event scrubbed = erase("u_42", invite, own).getFirst().orElseThrow().event();
        assertThat(scrubbed.target().url()).isEqualTo("https://app.example.com/invites?email=" + P + "&name=" + P + "&next=%2Fhome");
    }

    @Test
    void anEncodedPartThatNamesTheSubjectAmongOtherWordsIsEncodedAgain() {
        Entry own = entry(0, event(ADA, new Target("search", "s-1", null, "https://app.example.com/search?q=Hello+Ada+Lovelace%21&page=2"),
                List.of(), null, null, null, null, null));
        assertThat(erase("u_42", own).getFirst().orElseThrow().event().target().url())
                .isEqualTo("https://app.example.com/search?q=Hello%20" + P + "%21&page=2");
    }

    @Test
    void aUrlCarriedEncodedInAParameterIsLookedIntoAndKeepsItsForm() {
        Entry own = entry(0, event(ADA, new Target("user", "u_42", null,
                "https://app.example.com/login?next=https%3A%2F%2Fapp.example.com%2Fu%3Fname%3DAda%2520Lovelace%26mail%3Dada%2540example.com"),
                List.of(), null, null, null, null, null));
        assertThat(erase("u_42", own).getFirst().orElseThrow().event().target().url())
                .isEqualTo("https://app.example.com/login?next=https%3A%2F%2Fapp.example.com%2Fu%3Fname%3D" + P + "%26mail%3D" + P);
    }

    @Test
    void anEncodedAddressAsTheUserOfAUrlKeepsItsHost() {
        Entry own = entry(0, event(ADA, new Target("user", "u_42", null, "https://ada%40example.com@app.example.com/p"),
                List.of(), null, null, null, null, null));
        assertThat(erase("u_42", own).getFirst().orElseThrow().event().target().url()).isEqualTo("https://" + P + "@app.example.com/p");
    }

    /** Keys are composed identifiers nobody reads: an address counts after any separator there. */
    @Test
    void anAddressInAComposedIdempotencyKeyIsErased() {
        Entry dashed = entry(0, event(ADA, null, List.of(), null, null, null, null, "signup-ada@example.com"));
        Entry encoded = entry(1, event(ADA, null, List.of(), null, null, null, null, "signup:ada%40example.com"));
        List<Optional<Entry>> erased = erase("u_42", dashed, encoded);
        assertThat(erased.get(0).orElseThrow().event().idempotencyKey()).isEqualTo("signup-" + P);
        assertThat(erased.get(1).orElseThrow().event().idempotencyKey()).isEqualTo("signup:" + P);
    }

    @Test
    void aUrlWithAMalformedEscapeIsScrubbedAsItStands() {
        Entry own = entry(0, event(ADA, new Target("user", "u_42", null, "https://app.example.com/ada@example.com/100%"),
                List.of(), null, null, null, null, null));
        assertThat(erase("u_42", own).getFirst().orElseThrow().event().target().url())
                .isEqualTo("https://app.example.com/" + P + "/100%");
    }

    /** Version 1 leaves hash them directly: changing them would break every proof, so they stay (docs/GOVERNANCE.md). */
    @Test
    void theTargetUrlAndIdempotencyKeyOfAVersion1EntryStay() {
        Entry v2 = entry(0, event(ADA, new Target("user", "u_42", null, "https://app.example.com/users/ada@example.com"),
                List.of(), null, null, null, null, "ada@example.com-login-1"));
        Entry unhashed = new Entry(v2.tenant(), v2.id(), v2.seq(), v2.recordedAt(), v2.event(), v2.salt(), null, null,
                LeafEncoding.VERSION_1);
        Entry v1 = new Entry(v2.tenant(), v2.id(), v2.seq(), v2.recordedAt(), v2.event(), v2.salt(), null,
                LeafEncoding.leafHash(unhashed), LeafEncoding.VERSION_1);
        Entry erased = erase("u_42", v1).getFirst().orElseThrow();
        assertThat(erased.event().target().url()).isEqualTo("https://app.example.com/users/ada@example.com");
        assertThat(erased.event().idempotencyKey()).isEqualTo("ada@example.com-login-1");
        assertThat(erased.leafVersion()).isEqualTo(1);
        assertThat(erased.leafHash()).isEqualTo(v1.leafHash());
    }
}
