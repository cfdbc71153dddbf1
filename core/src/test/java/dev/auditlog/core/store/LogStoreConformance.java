package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.erasure.SubjectErasure;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.export.CsvExport;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.Cidr;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.Tracking;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link LogStore} keeps. A store module's test extends this class and says how to open
 * its store; the same tests then run against it.
 */
public abstract class LogStoreConformance {
    protected static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    protected Path dir;
    protected TestClock clock;
    protected LogStore store;

    /** Opens (or re-opens, with the same directory) the store under test. */
    protected abstract LogStore open(Path dir, TestClock clock);

    /** Work on a store's database. */
    @FunctionalInterface
    protected interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on the database of the store in {@code dir}, which is closed: to leave what a crash leaves. */
    protected abstract void inDatabase(Path dir, SqlWork work) throws SQLException;

    @BeforeEach
    void openStore() {
        clock = new TestClock(START);
        store = open(dir, clock);
        store.createTenant(new Tenant("acme", "Acme Ltd", START));
        store.createTenant(new Tenant("globex", "Globex", START));
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    protected static Event event(String action) {
        return new Event(action, EventType.OTHER, Event.DEFAULT_CHANNEL, null, null, null, null, List.of(), null, null,
                Event.SUCCESS, null, null, null);
    }

    private static Event rich(String action, EventType type, String channel, String description, Actor actor,
                              Target target, List<Concern> concerns, String ip, String status) {
        return new Event(action, type, channel, description, null, actor, target, concerns, ip, "Mozilla/5.0", status,
                null, null, null);
    }

    private static Event keyed(String action, String key) {
        return new Event(action, EventType.OTHER, Event.DEFAULT_CHANNEL, null, null, null, null, List.of(), null, null,
                Event.SUCCESS, null, null, key);
    }

    private List<Entry> appendAll(String tenant, List<Event> events) {
        return store.append(tenant, events).stream().map(Appended::entry).toList();
    }

    private List<Entry> all(String tenant, EntryQuery q) {
        List<Entry> out = new ArrayList<>();
        EntryQuery page = q.withLimit(EntryQuery.MAX_LIMIT);
        while (true) {
            Page p = store.query(tenant, page);
            out.addAll(p.entries());
            if (p.nextCursor() == null) return out;
            page = page.withBeforeSeq(QueryParameters.decodeCursor(p.nextCursor()));
        }
    }

    /**
     * The entries the store finds for the filters, all pages, once {@link EntryMatcher} (what the offline verifier
     * holds a filtered export's entries to) is seen to choose the same ones from the whole log.
     */
    private List<Entry> found(String tenant, Map<String, String> params) {
        EntryQuery q = filter(params);
        List<Entry> found = all(tenant, q);
        EntryMatcher matcher = new EntryMatcher(q);
        List<String> chosen = new ArrayList<>();
        store.scan(tenant, EntryQuery.all(), store.checkpoint(tenant).size(), e -> {
            if (matcher.test(e)) chosen.add(e.id());
        });
        assertThat(chosen).as("what EntryMatcher chooses for %s", params)
                .containsExactlyInAnyOrderElementsOf(found.stream().map(Entry::id).toList());
        return found;
    }

    private EntryQuery filter(Map<String, String> params) {
        return new QueryParameters(clock).parse(params).withLimit(EntryQuery.MAX_LIMIT);
    }

    // --- appending -----------------------------------------------------------------------------------

    @Test
    void appendsGetGapFreeSeqNumbersFromZeroPerTenant() {
        List<Entry> first = appendAll("acme", List.of(event("a.one"), event("a.two")));
        List<Entry> second = appendAll("acme", List.of(event("a.three")));
        List<Entry> other = appendAll("globex", List.of(event("g.one")));
        assertThat(first).extracting(Entry::seq).containsExactly(0L, 1L);
        assertThat(second).extracting(Entry::seq).containsExactly(2L);
        assertThat(other).extracting(Entry::seq).containsExactly(0L);
    }

    @Test
    void anAppendedEntryCarriesIdTimeAndAVerifiableLeafHash() {
        Entry e = appendAll("acme", List.of(event("user.created"))).getFirst();
        assertThat(e.id()).isNotBlank();
        assertThat(e.recordedAt()).isEqualTo(START);
        assertThat(e.leafHash()).isEqualTo(LeafEncoding.leafHash(e));
        assertThat(store.entry("acme", e.id())).get().usingRecursiveComparison().isEqualTo(e);
    }

    @Test
    void idsAreUniqueAcrossTenants() {
        Set<String> ids = new HashSet<>();
        for (String t : List.of("acme", "globex")) {
            appendAll(t, IntStream.range(0, 500).mapToObj(i -> event("x.y")).toList()).forEach(e -> ids.add(e.id()));
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void aRepeatedIdempotencyKeyAppendsNothingAndReturnsTheFirstEntry() {
        Entry first = appendAll("acme", List.of(keyed("invoice.paid", "k-1"))).getFirst();
        List<Appended> again = store.append("acme", List.of(keyed("invoice.paid", "k-1"), keyed("invoice.paid", "k-2")));
        assertThat(again.get(0).duplicate()).isTrue();
        assertThat(again.get(0).entry().id()).isEqualTo(first.id());
        assertThat(again.get(1).duplicate()).isFalse();
        assertThat(again.get(1).entry().seq()).isEqualTo(1);
        assertThat(store.checkpoint("acme").size()).isEqualTo(2);
    }

    @Test
    void aKeyRepeatedInsideOneBatchAppendsOnce() {
        List<Appended> answers = store.append("acme", List.of(keyed("a", "same"), keyed("a", "same")));
        assertThat(answers.get(1).entry().id()).isEqualTo(answers.get(0).entry().id());
        assertThat(answers.get(1).duplicate()).isTrue();
        assertThat(store.checkpoint("acme").size()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysAreScopedToTheirTenant() {
        appendAll("acme", List.of(keyed("a", "shared")));
        List<Appended> other = store.append("globex", List.of(keyed("a", "shared")));
        assertThat(other.getFirst().duplicate()).isFalse();
    }

    @Test
    void anUnknownTenantIsRefusedEverywhere() {
        assertThatThrownBy(() -> store.append("nope", List.of(event("a")))).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> store.query("nope", EntryQuery.all())).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> store.checkpoint("nope")).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> store.entry("nope", "x")).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> store.signNote("nope", "text\n")).isInstanceOf(UnknownTenantException.class);
    }

    @Test
    void aNoteSignedForATenantVerifiesWithTheKeyOfItsCheckpointsOnly() {
        appendAll("acme", List.of(event("a.one")));
        String note = store.signNote("acme", "auditlog export statement v1\nsomething vouched for\n");
        assertThat(NoteVerifier.fromVerifierKey(store.checkpoint("acme").publicKey()).verify(note))
                .isEqualTo("auditlog export statement v1\nsomething vouched for\n");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(store.checkpoint("globex").publicKey()).verify(note))
                .hasMessageContaining("no signature");
    }

    @Test
    void creatingAnExistingTenantAnswersFalse() {
        assertThat(store.createTenant(new Tenant("acme", "Again", START))).isFalse();
        assertThat(store.tenants()).extracting(Tenant::id).containsExactly("acme", "globex");
    }

    // --- API keys ------------------------------------------------------------------------------------

    private static ApiKey key(String id, String tenant, Set<String> scopes) {
        return new ApiKey(id, tenant, "billing-service", scopes, new byte[32], START, null);
    }

    @Test
    void savedKeysAreListedPerTenantAndFoundById() {
        store.saveKey(key("k1", "acme", Set.of("ingest")));
        store.saveKey(key("k2", "acme", Set.of("read", "admin")));
        store.saveKey(key("k3", "globex", Set.of("read")));
        assertThat(store.keys("acme")).extracting(ApiKey::id).containsExactly("k1", "k2");
        assertThat(store.key("k2")).get().satisfies(k -> {
            assertThat(k.tenant()).isEqualTo("acme");
            assertThat(k.scopes()).containsExactlyInAnyOrder("read", "admin");
            assertThat(k.secretHash()).hasSize(32);
            assertThat(k.revoked()).isFalse();
        });
        assertThat(store.key("nope")).isEmpty();
    }

    @Test
    void aRevokedKeyStaysListedButRevoked() {
        store.saveKey(key("k1", "acme", Set.of("ingest")));
        assertThat(store.revokeKey("globex", "k1", START)).as("another tenant's key").isFalse();
        assertThat(store.revokeKey("acme", "k1", START.plusSeconds(5))).isTrue();
        assertThat(store.revokeKey("acme", "k1", START.plusSeconds(9))).as("twice").isFalse();
        assertThat(store.key("k1")).get().extracting(ApiKey::revokedAt).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aKeyMadeAndRevokedIsRecordedByTheEntriesTheirRecordingsMakeAndAFailedRevocationRecordsNothing() {
        store.saveKey(key("k1", "acme", Set.of("ingest")), saved -> Optional.of(recordOf("api_key.created", saved.id(), 0)));
        assertThat(store.revokeKey("globex", "k1", START, revoked -> Optional.of(recordOf("api_key.revoked", "wrong tenant", 0))))
                .isFalse();
        assertThat(store.revokeKey("acme", "k1", START.plusSeconds(5), revoked -> Optional.of(recordOf("api_key.revoked",
                revoked.id() + " at " + revoked.revokedAt(), 0)))).isTrue();
        assertThat(store.revokeKey("acme", "k1", START.plusSeconds(9), revoked -> Optional.of(recordOf("api_key.revoked", "twice", 0))))
                .isFalse();

        assertThat(all("acme", EntryQuery.all())).extracting(e -> e.event().action() + " " + e.event().target().id())
                .containsExactly("api_key.revoked k1 at " + START.plusSeconds(5), "api_key.created k1");
        assertThat(all("globex", EntryQuery.all())).isEmpty();
        assertThat(store.checkpoint("acme").size()).isEqualTo(2);
    }

    @Test
    void keysSurviveARestart() {
        store.saveKey(key("k1", "acme", Set.of("ingest")));
        store.revokeKey("acme", "k1", START);
        store.saveKey(key("k2", "acme", Set.of("read")));
        store.close();
        store = open(dir, clock);
        assertThat(store.key("k1")).get().extracting(ApiKey::revoked).isEqualTo(true);
        assertThat(store.key("k2")).get().extracting(ApiKey::revoked).isEqualTo(false);
    }

    // --- signing keys --------------------------------------------------------------------------------

    @Test
    void aLogWhoseKeyFileIsMissingIsNotSignedWithANewKey() throws Exception {
        appendAll("acme", List.of(event("a.one")));
        Checkpoint signed = store.checkpoint("acme");
        store.close();
        Path keyFile = dir.resolve("keys/acme.key");
        byte[] key = Files.readAllBytes(keyFile);
        Files.delete(keyFile);
        store = open(dir, clock);

        assertThatThrownBy(() -> appendAll("acme", List.of(event("a.two"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no signing key for tenant acme: " + keyFile)
                .hasMessageContaining("servers sharing a database must share keys/");
        assertThatThrownBy(() -> store.signNote("acme", "a statement\n")).isInstanceOf(StoreException.class);
        assertThat(keyFile).doesNotExist();
        assertThat(store.checkpoint("acme").signedNote()).isEqualTo(signed.signedNote());
        assertThat(appendAll("globex", List.of(event("g.one")))).as("other tenants still write").hasSize(1);

        Files.write(keyFile, key);
        assertThat(appendAll("acme", List.of(event("a.two")))).as("the restored key signs again")
                .extracting(Entry::seq).containsExactly(1L);
        Checkpoint after = store.checkpoint("acme");
        assertThat(after.publicKey()).isEqualTo(signed.publicKey());
        NoteVerifier.fromVerifierKey(signed.publicKey()).verify(after.signedNote());
    }

    @Test
    void aLogIsNotSignedWithAKeyOtherThanTheOneThatSignedItsLatestCheckpoint() throws Exception {
        appendAll("acme", List.of(event("a.one")));
        store.close();
        Path keyFile = dir.resolve("keys/acme.key");
        new TenantKeyring(dir.resolve("elsewhere")).signer("acme");
        Files.copy(dir.resolve("elsewhere/keys/acme.key"), keyFile,
                StandardCopyOption.REPLACE_EXISTING);
        store = open(dir, clock);

        assertThatThrownBy(() -> appendAll("acme", List.of(event("a.two"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("wrong signing key for tenant acme: " + keyFile);
        assertThat(store.checkpoint("acme").size()).isEqualTo(1);
    }

    // --- reading -------------------------------------------------------------------------------------

    @Test
    void queriesAnswerNewestFirst() {
        appendAll("acme", List.of(event("a.one"), event("a.two"), event("a.three")));
        assertThat(store.query("acme", EntryQuery.all()).entries()).extracting(e -> e.event().action())
                .containsExactly("a.three", "a.two", "a.one");
    }

    @Test
    void aTenantNeverSeesAnotherTenantsEntries() {
        Entry secret = appendAll("globex", List.of(event("secret.read"))).getFirst();
        appendAll("acme", List.of(event("a.one")));
        assertThat(all("acme", EntryQuery.all())).extracting(Entry::id).doesNotContain(secret.id());
        assertThat(store.entry("acme", secret.id())).isEmpty();
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertThat(store.entry("acme", "not-an-id")).isEmpty();
        assertThat(store.entry("acme", "01890a5d-ac96-774b-bcce-b302099a8057")).isEmpty();
    }

    /** A small log with one entry per distinguishing value, to check that each filter narrows exactly. */
    private List<Entry> seedVariety() {
        Actor grace = new Actor("user", "u_17", "Grace Hopper", "grace@example.com");
        Actor bot = new Actor("integration", "billing-service", null, null);
        Actor system = new Actor("system", null, null, null);
        Target invoice = new Target("invoice", "inv-1", "Invoice 1", "https://app.example.com/inv/1");
        Target hardware = new Target("hardware", "142", "MacBook", null);
        List<Entry> seeded = new ArrayList<>();
        seeded.addAll(appendAll("acme", List.of(
                rich("invoice.created", EventType.CREATED, "billing", "Invoice INV-1 created", grace, invoice, List.of(), "203.0.113.7", "success"),
                rich("invoice.updated", EventType.UPDATED, "billing", "Invoice INV-1 sent", bot, invoice, List.of(), null, "error"))));
        clock.advance(Duration.ofDays(3));
        seeded.addAll(appendAll("acme", List.of(
                rich("hardware.assigned", EventType.UPDATED, "hardware", "Hardware #142 assigned to Ada Lovelace", grace, hardware,
                        List.of(new Concern("user", "u_42", "Ada Lovelace")), "2001:db8::1", "success"),
                rich("nightly.cleanup", EventType.DELETED, "jobs", "Nightly cleanup removed 3 drafts", system, null, List.of(), null, "success"),
                rich("salary.viewed", EventType.READ, "pii-read", "Salary of ADA viewed", null, new Target("employee", "u_42", "Ada", null),
                        List.of(), null, "success"))));
        appendAll("globex", List.of(rich("invoice.created", EventType.CREATED, "billing", "Invoice INV-1 created", grace,
                invoice, List.of(), "203.0.113.7", "success")));
        return seeded;
    }

    private void assertFilter(Map<String, String> params, List<Entry> seeded, Predicate<Entry> expected) {
        List<String> want = seeded.stream().filter(expected).map(Entry::id).toList().reversed();
        EntryQuery q = filter(params);
        assertThat(found("acme", params)).as("filter %s", params).extracting(Entry::id).containsExactlyElementsOf(want);
        assertThat(store.query("acme", q.withCount(true)).total()).as("total for %s", params).isEqualTo(want.size());
        List<String> scanned = new ArrayList<>();
        store.scan("acme", q, store.checkpoint("acme").size(), e -> scanned.add(e.id()));
        assertThat(scanned).as("scan (what exports stream) for %s", params).containsExactlyElementsOf(want);
    }

    @Test
    void eachFilterNarrowsToExactlyItsEntries() {
        List<Entry> s = seedVariety();
        assertFilter(Map.of("q", "inv-1"), s, e -> e.event().description().toLowerCase(Locale.ROOT).contains("inv-1"));
        assertFilter(Map.of("q", "ada"), s, e -> e.event().description().toLowerCase(Locale.ROOT).contains("ada"));
        assertFilter(Map.of("event", "updated"), s, e -> e.event().event() == EventType.UPDATED);
        assertFilter(Map.of("action", "invoice.created"), s, e -> e.event().action().equals("invoice.created"));
        assertFilter(Map.of("channel", "billing"), s, e -> e.event().channel().equals("billing"));
        assertFilter(Map.of("actor", "u_17"), s, e -> e.event().actor() != null && "u_17".equals(e.event().actor().id()));
        assertFilter(Map.of("actor", "system"), s, e -> e.event().bySystem());
        assertFilter(Map.of("actor_type", "integration"), s, e -> e.event().actor() != null && "integration".equals(e.event().actor().type()));
        assertFilter(Map.of("actor_type", "system"), s, e -> e.event().bySystem());
        assertFilter(Map.of("target_type", "invoice"), s, e -> e.event().target() != null && "invoice".equals(e.event().target().type()));
        assertFilter(Map.of("target_id", "142"), s, e -> e.event().target() != null && "142".equals(e.event().target().id()));
        assertFilter(Map.of("concerns", "u_42"), s, e -> (e.event().target() != null && "u_42".equals(e.event().target().id()))
                || e.event().concerns().stream().anyMatch(c -> "u_42".equals(c.id())));
        assertFilter(Map.of("status", "error"), s, e -> e.event().status().equals("error"));
        assertFilter(Map.of("ip", "203.0.113.7"), s, e -> "203.0.113.7".equals(e.event().ip()));
        assertFilter(Map.of("ip", "2001:0DB8:0000::0001"), s, e -> "2001:db8::1".equals(e.event().ip()));
        assertFilter(Map.of("from", START.plus(Duration.ofDays(1)).toString()), s, e -> e.recordedAt().isAfter(START));
        assertFilter(Map.of("to", "2026-11-02"), s, e -> e.recordedAt().equals(START));
        assertFilter(Map.of("from", "2026-11-05", "to", "2026-11-05"), s, e -> !e.recordedAt().equals(START));
        // times are recorded to the millisecond: a finer from starts after an entry of its millisecond, a finer to ends after it
        assertFilter(Map.of("from", START.plusNanos(999_000).toString()), s, e -> e.recordedAt().isAfter(START));
        assertFilter(Map.of("to", START.plusNanos(999_000).toString()), s, e -> e.recordedAt().equals(START));
    }

    /** Ids are stored as sent; their filters match them as stored, a padded one (a CHAR column) or one of spaces too. */
    @Test
    void idFiltersMatchIdsExactlyAsStoredWhiteSpaceIncluded() {
        Actor padded = new Actor("user", "u_17   ", "Padded", null);
        Actor plain = new Actor("user", "u_17", "Plain", null);
        List<Entry> s = appendAll("acme", List.of(
                rich("a.padded", EventType.OTHER, "crm", null, padded, new Target("doc", "  d_1", null, null),
                        List.of(new Concern("user", "山田\u3000", null)), null, Event.SUCCESS),
                rich("a.plain", EventType.OTHER, "crm", null, plain, new Target("doc", "d_1", null, null),
                        List.of(new Concern("user", "山田", null)), null, Event.SUCCESS),
                rich("a.spaces", EventType.OTHER, "crm", null, new Actor("user", "   ", null, null), null, List.of(), null, Event.SUCCESS)));
        assertFilter(Map.of("actor", "u_17   "), s, e -> e.event().action().equals("a.padded"));
        assertFilter(Map.of("actor", "u_17"), s, e -> e.event().action().equals("a.plain"));
        assertFilter(Map.of("actor", "   "), s, e -> e.event().action().equals("a.spaces"));
        assertFilter(Map.of("target_id", "  d_1"), s, e -> e.event().action().equals("a.padded"));
        assertFilter(Map.of("concerns", "山田\u3000"), s, e -> e.event().action().equals("a.padded"));
        assertFilter(Map.of("concerns", "山田"), s, e -> e.event().action().equals("a.plain"));
    }

    @Test
    void searchTextIsMatchedLiterallyNotAsAPattern() {
        List<Entry> s = appendAll("acme", List.of(
                rich("a", EventType.OTHER, "default", "Discount 100% applied", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "Discount 1000 applied", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "file_name changed", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "filename changed", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "path C:\\temp", null, null, List.of(), null, "success")));
        assertFilter(Map.of("q", "100%"), s, e -> e.event().description().contains("100%"));
        assertFilter(Map.of("q", "file_"), s, e -> e.event().description().contains("file_"));
        assertFilter(Map.of("q", "c:\\t"), s, e -> e.event().description().contains("C:\\t"));
    }

    /** Ids are UUIDs: their hex digits mean the same in either case. */
    @Test
    void anEntryIsFoundByItsIdInUpperCaseToo() {
        Entry e = appendAll("acme", List.of(event("user.login"))).getFirst();
        assertThat(store.entry("acme", e.id().toUpperCase(Locale.ROOT))).map(Entry::id).contains(e.id());
    }

    /**
     * Lowered per character, as the databases lower the descriptions (no dotted i for İ), and either Greek sigma
     * matches both: a word's last Σ is ς in lower case.
     */
    @Test
    void searchFindsADescriptionByItsOwnTextInEveryCase() {
        appendAll("acme", List.of(
                rich("a", EventType.OTHER, "default", "ΟΔΟΣ updated", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "İstanbul office", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "Κρόνος moved", null, null, List.of(), null, "success")));
        for (String q : List.of("ΟΔΟΣ updated", "ΟΔΟΣ", "οδοσ", "οδος", "İstanbul office", "İSTANBUL", "istanbul",
                "Κρόνος", "κρόνος", "ΚΡΌΝΟΣ", "όνος m")) {
            assertThat(found("acme", Map.of("q", q))).as(q).hasSize(1);
        }
    }

    /**
     * The store lowers every letter of {@link FilterSql#LOWERING_PROBE} as {@code verify} does, whatever the database's
     * locale (a PostgreSQL database in C or Turkish lowers otherwise by itself): in capitals and in lower case the
     * search finds the probe, and the in-memory matcher agrees.
     */
    @Test
    void searchLowersEveryLetterAsVerifyDoes() {
        appendAll("acme", List.of(
                rich("a", EventType.OTHER, "default", FilterSql.LOWERING_PROBE, null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "unrelated", null, null, List.of(), null, "success")));
        assertThat(found("acme", Map.of("q", FilterSql.LOWERING_PROBE))).hasSize(1);
        assertThat(found("acme", Map.of("q", FilterSql.lowered(FilterSql.LOWERING_PROBE)))).hasSize(1);
        assertThat(found("acme", Map.of("q", "i"))).as("İ and I are i").hasSize(1);
        assertThat(found("acme", Map.of("q", "ı"))).as("no ı where no ı was sent").isEmpty();
    }

    /** A description may carry most of an event's 64 KiB (CONTRACT §2): stored whole, found by its end, verified. */
    @Test
    void aDescriptionOf60000CharactersIsKeptWholeFoundByItsTextAndVerifies() {
        String description = "x".repeat(59_990) + " needle end";
        appendAll("acme", List.of(rich("a", EventType.OTHER, "default", description, null, null, List.of(), null, "success")));

        assertThat(found("acme", Map.of("q", "needle end"))).singleElement()
                .satisfies(e -> assertThat(e.event().description()).isEqualTo(description));
        assertThat(store.verify("acme").ok()).isTrue();
    }

    /** "Zoë" composed (one code point) and decomposed (e and a combining diaeresis) look alike, so each finds the other. */
    @Test
    void searchFindsADescriptionWhetherItsAccentsComeComposedOrDecomposed() {
        appendAll("acme", List.of(
                rich("a", EventType.OTHER, "default", "Zo\u00eb Bront\u00eb signed in", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "J\u00f6rg Mu\u0308ller signed in", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "default", "\u039a\u03c1\u03bf\u0301\u03bd\u03bf\u03c2 moved", null, null, List.of(), null, "success")));
        for (String q : List.of("Zoe\u0308 Bronte\u0308", "ZO\u00cb", "M\u00fcller", "MU\u0308LLER", "\u039a\u03a1\u038c\u039d\u039f\u03a3")) {
            assertThat(found("acme", Map.of("q", q))).as(q).hasSize(1);
        }
    }

    @Test
    void theChannelsOfATenantsEntriesAreListedOnceEachInOrder() {
        assertThat(store.channels("acme")).isEmpty();
        appendAll("acme", List.of(
                rich("a", EventType.OTHER, "people", "one", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "billing", "two", null, null, List.of(), null, "success"),
                rich("a", EventType.OTHER, "people", "three", null, null, List.of(), null, "success"),
                event("default.channel")));
        appendAll("globex", List.of(rich("a", EventType.OTHER, "secret-project", "x", null, null, List.of(), null, "success")));
        assertThat(store.channels("acme")).containsExactly("billing", "default", "people");
    }

    @Test
    void filtersCombineWithAnd() {
        List<Entry> s = seedVariety();
        assertFilter(Map.of("channel", "billing", "event", "created"), s, e -> e.event().action().equals("invoice.created"));
        assertFilter(Map.of("actor", "u_17", "target_type", "hardware", "q", "ada"), s, e -> e.event().action().equals("hardware.assigned"));
        assertFilter(Map.of("channel", "billing", "status", "error", "actor_type", "integration"), s, e -> e.event().action().equals("invoice.updated"));
        assertFilter(Map.of("channel", "jobs", "actor", "u_17"), s, e -> false);
    }

    @Test
    void periodShortcutsCoverWholeCalendarRanges() {
        List<Entry> s = seedVariety();
        clock.set(Instant.parse("2026-12-10T12:00:00Z"));
        assertFilter(Map.of("period", "last_month"), s, e -> true);
        assertFilter(Map.of("period", "this_month"), s, e -> false);
        assertFilter(Map.of("period", "this_quarter"), s, e -> true);
        assertFilter(Map.of("period", "this_year"), s, e -> true);
        assertFilter(Map.of("period", "last_year"), s, e -> false);
    }

    @Test
    void pagingReturnsEveryMatchingEntryExactlyOnceWhileAppendsContinue() throws Exception {
        appendAll("acme", IntStream.range(0, 3000).mapToObj(i -> event(i % 3 == 0 ? "match.me" : "other")).toList());
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService writers = Executors.newFixedThreadPool(2)) {
            Future<?> writing = writers.submit(() -> {
                while (!stop.get()) store.append("acme", List.of(event("match.me"), event("other")));
            });
            List<Long> seen = new ArrayList<>();
            EntryQuery q = filter(Map.of("action", "match.me")).withLimit(97);
            long firstTop;
            try {
                Page page = store.query("acme", q);
                firstTop = page.entries().getFirst().seq();
                while (true) {
                    page.entries().forEach(e -> seen.add(e.seq()));
                    if (page.nextCursor() == null) break;
                    page = store.query("acme", q.withBeforeSeq(QueryParameters.decodeCursor(page.nextCursor())));
                }
            } finally {
                stop.set(true);
            }
            writing.get();
            List<Long> expected = found("acme", Map.of("action", "match.me")).stream()
                    .map(Entry::seq).filter(seq -> seq <= firstTop).toList();
            assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
            assertThat(seen).hasSizeGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void aTotalCountsTheEntriesOfTheSameSnapshotAsItsPageWhileAppendsContinue() throws Exception {
        final int WRITERS = 4; // several appends in flight, so that the store commits some between a page and its count
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writing.add(writers.submit(() -> {
                    while (!stop.get()) store.append("acme", IntStream.range(0, 20).mapToObj(i -> event(i == 0 ? "match.me" : "other")).toList());
                }));
            }
            EntryQuery q = filter(Map.of("action", "match.me")).withLimit(1000).withCount(true);
            try {
                Page page;
                do { // until the log holds half a page of matches, while it is growing
                    page = store.query("acme", q);
                    assertThat(page.nextCursor()).isNull();
                    assertThat(page.total()).as("the total beside a last page of %d entries", page.entries().size())
                            .isEqualTo(page.entries().size());
                } while (page.entries().size() < 500);
            } finally {
                stop.set(true);
            }
            for (Future<?> w : writing) w.get();
        }
    }

    @Test
    void aRareFilterFindsItsFewEntriesFarBackInALongLog() {
        for (int b = 0; b < 10; b++) {
            int batch = b;
            appendAll("acme", IntStream.range(0, 2000).mapToObj(i -> event((batch * 2000 + i) % 1999 == 7 ? "rare" : "common")).toList());
        }
        List<Long> expected = IntStream.range(0, 20_000).filter(i -> i % 1999 == 7).mapToObj(i -> (long) i).toList().reversed();
        List<Long> seen = new ArrayList<>();
        EntryQuery q = filter(Map.of("action", "rare")).withLimit(3);
        Page page = store.query("acme", q);
        while (true) {
            page.entries().forEach(e -> seen.add(e.seq()));
            if (page.nextCursor() == null) break;
            page = store.query("acme", q.withBeforeSeq(QueryParameters.decodeCursor(page.nextCursor())));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void scanStreamsEveryMatchingEntryOfASnapshotNewestFirst() {
        appendAll("acme", IntStream.range(0, 700).mapToObj(i -> event(i % 2 == 0 ? "even" : "odd")).toList());
        long snapshot = store.checkpoint("acme").size();
        appendAll("acme", List.of(event("even")));
        List<Long> seqs = new ArrayList<>();
        store.scan("acme", filter(Map.of("action", "even")), snapshot, e -> seqs.add(e.seq()));
        assertThat(seqs).hasSize(350).isSortedAccordingTo((a, b) -> Long.compare(b, a)).allMatch(s -> s % 2 == 0 && s < snapshot);
    }

    /**
     * Scans of acme's 3,000 entries (more than a scan hands over ahead) whose consumers take nothing, as exports whose
     * clients stopped reading, holding whatever the store reads them with until {@link #release}; closing releases them
     * and waits for them to end.
     */
    private final class StalledScans implements AutoCloseable {
        private final CountDownLatch clientsBack = new CountDownLatch(1);
        private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

        StalledScans(int count) throws InterruptedException {
            appendAll("acme", IntStream.range(0, 3_000).mapToObj(i -> event("bulk")).toList());
            long snapshot = store.checkpoint("acme").size();
            for (int i = 0; i < count; i++) {
                clients.submit(() -> store.scan("acme", EntryQuery.all(), snapshot, e -> awaitQuietly(clientsBack)));
            }
            Thread.sleep(500); // the scans start and fill what they hand over
        }

        /** Runs {@code work} beside the stalled scans. */
        <T> Future<T> alongside(Callable<T> work) {
            return clients.submit(work);
        }

        void release() {
            clientsBack.countDown();
        }

        @Override
        public void close() throws InterruptedException {
            release();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Exports whose clients stopped reading hold their scans (more of them than a store has threads or connections to
     * read with); another tenant's appends, queries and checkpoint go on all the same.
     */
    @Test
    void scansWhoseConsumersStopTakingLeaveAppendsAndQueriesOfOtherTenantsWorking() throws Exception {
        try (StalledScans stalled = new StalledScans(10)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                appendAll("globex", List.of(event("still.working")));
                assertThat(store.query("globex", EntryQuery.all()).entries()).extracting(e -> e.event().action()).contains("still.working");
                assertThat(store.checkpoint("globex").size()).isPositive();
            });
        }
    }

    /** Another export, when every reader is held by stalled ones, waits its turn: failing it broke a download already begun. */
    @Test
    void aScanThatFindsEveryReaderHeldWaitsForOneRatherThanFailing() throws Exception {
        appendAll("globex", List.of(event("a"), event("b")));
        long globex = store.checkpoint("globex").size();
        try (StalledScans stalled = new StalledScans(8)) {
            Future<Integer> waiting = stalled.alongside(() -> {
                List<Entry> seen = new ArrayList<>();
                store.scan("globex", EntryQuery.all(), globex, seen::add);
                return seen.size();
            });
            Thread.sleep(12_000); // longer than a request waits for a pooled connection
            stalled.release();
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    /** What an operator watches to see which part cannot keep up: the writer's queue, and the streams held by stalled exports. */
    @Test
    void theGaugesShowTheWritersQueueAndStreamsHeldByStalledScans() throws Exception {
        assertThat(store.gauges()).extracting(StoreGauge::name).contains("auditlog.store.writer.waiting");
        assertThat(store.gauges()).allSatisfy(g -> assertThat(g.value().get().doubleValue()).as(g.name() + g.tags()).isNotNegative());
        try (StalledScans stalled = new StalledScans(2)) {
            assertThat(store.gauges()).as("a gauge of the streams, busy with the two").anySatisfy(g -> {
                assertThat(g.tags()).containsValue("streams");
                assertThat(g.value().get().intValue()).isGreaterThanOrEqualTo(2);
            });
        }
    }

    @Test
    void theCsvExportIsTheGenericCsvOfTheScan() {
        seedVariety();
        seedAlice();
        store.erase("acme", "u_1");
        long snapshot = store.checkpoint("acme").size();
        appendAll("acme", List.of(event("after.the.snapshot")));
        for (Map<String, String> params : List.of(Map.<String, String>of(), Map.of("event", "updated"), Map.of("q", "inv-1"),
                Map.of("actor_type", "system"))) {
            EntryQuery q = filter(params);
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            long n = store.exportCsv("acme", q, snapshot, exported);
            ByteArrayOutputStream generic = new ByteArrayOutputStream();
            long m = CsvExport.write(generic, sink -> store.scan("acme", q, snapshot, sink));
            assertThat(n).as("rows for %s", params).isEqualTo(m);
            assertThat(exported.toString(StandardCharsets.UTF_8)).as("filter %s", params).isEqualTo(generic.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void countPerBucketCountsMatchingEntriesPerTimeSliceAndIgnoresOthers() {
        appendAll("acme", List.of(event("a"), event("b")));          // 09:00
        clock.advance(Duration.ofHours(2));
        appendAll("acme", List.of(event("a")));                      // 11:00
        clock.advance(Duration.ofHours(20));
        appendAll("acme", List.of(event("a"), event("a")));          // next day 07:00, outside 3 hourly buckets
        appendAll("globex", List.of(event("a")));
        Instant start = START.minus(Duration.ofHours(1));
        long[] counts = store.countPerBucket("acme", filter(Map.of("action", "a")), start, Duration.ofHours(1), 4);
        assertThat(counts).containsExactly(0, 1, 0, 1);
        Instant midnight = START.truncatedTo(ChronoUnit.DAYS);
        assertThat(store.countPerBucket("acme", filter(Map.of()), midnight, Duration.ofDays(1), 2)).containsExactly(3, 2);
    }

    // --- integrity -----------------------------------------------------------------------------------

    @Test
    void everyBatchIsCoveredByASignedCheckpoint() {
        appendAll("acme", List.of(event("a"), event("b"), event("c")));
        Checkpoint cp = store.checkpoint("acme");
        NoteVerifier.ParsedCheckpoint signed = NoteVerifier.fromVerifierKey(cp.publicKey()).verifyCheckpoint(cp.signedNote());
        assertThat(signed.size()).isEqualTo(3);
        assertThat(signed.rootHash()).isEqualTo(cp.rootHash());
        assertThat(signed.origin()).isEqualTo("auditlog/acme");
    }

    @Test
    void everyEntryHasAnInclusionProofToTheCheckpoint() {
        List<Entry> entries = new ArrayList<>();
        for (int b = 0; b < 7; b++) entries.addAll(appendAll("acme", IntStream.range(0, 97).mapToObj(i -> event("x")).toList()));
        Checkpoint cp = store.checkpoint("acme");
        for (Entry e : entries) {
            List<byte[]> proof = Proofs.inclusion(e.seq(), cp.size(), store.nodes("acme"));
            assertThat(Proofs.verifyInclusion(e.seq(), cp.size(), e.leafHash(), proof, cp.rootHash())).as("seq %d", e.seq()).isTrue();
        }
    }

    @Test
    void anOlderCheckpointIsConsistentWithTheLatest() {
        appendAll("acme", IntStream.range(0, 300).mapToObj(i -> event("x")).toList());
        Checkpoint old = store.checkpoint("acme");
        appendAll("acme", IntStream.range(0, 333).mapToObj(i -> event("y")).toList());
        Checkpoint now = store.checkpoint("acme");
        List<byte[]> proof = Proofs.consistency(old.size(), now.size(), store.nodes("acme"));
        assertThat(Proofs.verifyConsistency(old.size(), now.size(), old.rootHash(), now.rootHash(), proof)).isTrue();
    }

    @Test
    void aCleanLogVerifies() {
        appendAll("acme", IntStream.range(0, 1000).mapToObj(i -> event("x")).toList());
        assertThat(store.verify("acme").ok()).isTrue();
        assertThat(store.verify("acme").entriesChecked()).isEqualTo(1000);
    }

    @Test
    void aReopenedStoreKeepsEverythingAndContinuesTheSequence() {
        List<Entry> before = appendAll("acme", IntStream.range(0, 600).mapToObj(i -> event("x")).toList());
        Checkpoint cp = store.checkpoint("acme");
        store.close();
        store = open(dir, clock);
        assertThat(store.checkpoint("acme").rootHash()).isEqualTo(cp.rootHash());
        assertThat(store.entry("acme", before.get(123).id())).isPresent();
        Entry next = appendAll("acme", List.of(event("after.restart"))).getFirst();
        assertThat(next.seq()).isEqualTo(600);
        List<byte[]> proof = Proofs.consistency(cp.size(), 601, store.nodes("acme"));
        assertThat(Proofs.verifyConsistency(cp.size(), 601, cp.rootHash(), store.checkpoint("acme").rootHash(), proof)).isTrue();
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void concurrentAppendersAllGetDistinctSeqsAndTheLogVerifies() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Appended>>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> store.append("acme", List.of(event("c.one"), event("c.two"), event("c.three")))));
            }
            Set<Long> seqs = new HashSet<>();
            for (Future<List<Appended>> f : calls) f.get().forEach(a -> seqs.add(a.entry().seq()));
            assertThat(seqs).hasSize(600).allMatch(s -> s < 600);
        }
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void changesAndMetadataSurviveTheRoundTrip() {
        var changes = JsonNodeFactory.instance.objectNode();
        changes.putObject("assignee").putNull("old").put("new", "u_42");
        var metadata = JsonNodeFactory.instance.objectNode().put("request_id", "r-981").put("n", 3);
        Event e = new Event("hardware.assigned", EventType.UPDATED, "hardware", "<script>alert(1)</script>' OR 1=1 --",
                Instant.parse("2026-11-02T08:59:00.123Z"), new Actor("user", "u_17", "Grace", "grace@example.com"),
                new Target("hardware", "142", "MacBook", "https://app.example.com/hw/142"),
                List.of(new Concern("user", "u_42", "Ada"), new Concern("user", "u_43", null)), "203.0.113.7", "curl/8",
                "success", changes, metadata, "r-981-1");
        Entry stored = appendAll("acme", List.of(e)).getFirst();
        Entry read = store.entry("acme", stored.id()).orElseThrow();
        assertThat(read.event()).isEqualTo(e);
        assertThat(LeafEncoding.leafHash(read)).isEqualTo(stored.leafHash());
    }

    @Test
    void everyReadKeepsTextExactlyAndTellsEmptyFromAbsent() {
        Event empty = new Event("note.added", EventType.CREATED, "notes", "", null, new Actor("user", "", null, null),
                null, List.of(), null, "", Event.SUCCESS, null, null, null);
        Event unicode = new Event("note.added", EventType.CREATED, "notes", "Zoë's café — 東京 🚀, tab\t and \"quotes\"",
                null, new Actor("user", "u_ü", "Zoë Ångström", "zoe@example.com"),
                new Target("note", "n-🚀", "Ünïcödé", "https://example.com/ü?q=1&r=2"),
                List.of(new Concern("user", "u_ü", "Zoë")), null, "Mozilla/5.0 (X11; Linux) ü", Event.SUCCESS, null, null,
                "key-ü-🚀");
        List<Entry> stored = appendAll("acme", List.of(empty, unicode));

        List<Entry> scanned = new ArrayList<>();
        store.scan("acme", EntryQuery.all(), store.checkpoint("acme").size(), scanned::add);
        List<Entry> queried = all("acme", EntryQuery.all());
        for (Entry s : stored) {
            Entry byId = store.entry("acme", s.id()).orElseThrow();
            for (Entry read : List.of(byId, find(scanned, s.id()), find(queried, s.id()))) {
                assertThat(read.event()).isEqualTo(s.event());
                assertThat(LeafEncoding.leafHash(read)).isEqualTo(s.leafHash());
            }
        }
    }

    private static Entry find(List<Entry> entries, String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    // --- settings ------------------------------------------------------------------------------------

    @Test
    void settingsAreTheDefaultUntilSavedThenPerTenantAndSurviveARestart() {
        assertThat(store.settings("acme")).isEqualTo(Settings.DEFAULT);
        Settings custom = new Settings(90, new Tracking(false, List.of(new Tracking.Rule("invoice", Set.of(EventType.CREATED)))),
                List.of(Cidr.parse("10.0.0.0/8")), Archive.webhook("https://archive.example.com/in", "0123456789abcdef"));
        store.saveSettings("acme", custom);
        store.saveSettings("acme", custom);
        assertThat(store.settings("acme")).isEqualTo(custom);
        assertThat(store.settings("globex")).isEqualTo(Settings.DEFAULT);
        store.close();
        store = open(dir, clock);
        assertThat(store.settings("acme")).isEqualTo(custom);
        assertThatThrownBy(() -> store.settings("nobody")).isInstanceOf(UnknownTenantException.class);
    }

    @Test
    void newSettingsAreRecordedByTheEntryTheirRecordingMakesOfThem() {
        Settings custom = new Settings(90, Tracking.ALL, List.of(), Archive.NONE);

        store.saveSettings("acme", custom, saved -> Optional.of(recordOf("settings.updated", "acme", saved.retentionDays())));

        assertThat(store.settings("acme")).isEqualTo(custom);
        assertThat(all("acme", EntryQuery.all())).singleElement().satisfies(record -> {
            assertThat(record.event().action()).isEqualTo("settings.updated");
            assertThat(record.event().metadata()).isEqualTo(object().put("entries", 90));
        });
    }

    // --- erasure -------------------------------------------------------------------------------------

    private static final String ALICE_IP = "203.0.113.9";

    private static Event personal(String action, Actor actor, Target target, List<Concern> concerns, String ip,
                                  String description, com.fasterxml.jackson.databind.JsonNode changes) {
        return new Event(action, EventType.UPDATED, "crm", description, null, actor, target, concerns, ip, "Mozilla/5.0",
                Event.SUCCESS, changes, null, null);
    }

    /** Alice (u_1) acts, is a target, is a concern, and is mentioned by Bob; one entry has nothing of hers. */
    private List<Entry> seedAlice() {
        Actor alice = new Actor("user", "u_1", "Alice Liddell", "alice@example.com");
        Actor bob = new Actor("user", "u_2", "Bob", "bob@example.com");
        var changes = JsonNodeFactory.instance.objectNode();
        changes.putObject("assignee").put("old", "Alice Liddell").put("new", "Bob");
        return appendAll("acme", List.of(
                personal("user.login", alice, null, List.of(), ALICE_IP, "Alice Liddell logged in", null),
                personal("user.renamed", bob, new Target("user", "u_1", "Alice Liddell", null), List.of(), "198.51.100.1",
                        "Bob renamed alice@example.com", null),
                personal("ticket.assigned", bob, new Target("ticket", "t_9", "Printer", null),
                        List.of(new Concern("user", "u_1", "Alice Liddell")), "198.51.100.1", "reassigned", changes),
                personal("ticket.closed", bob, new Target("ticket", "t_9", "Printer", null), List.of(), "198.51.100.1",
                        "closed", null)));
    }

    @Test
    void anErasureRemovesTheSubjectEverywhereAndEveryEntryKeepsItsLeafHash() {
        List<Entry> before = seedAlice();
        Checkpoint cp = store.checkpoint("acme");
        Erasure erasure = store.erase("acme", "u_1");
        assertThat(erasure.pseudonym()).matches("subject-[0-9a-f]{12}");
        assertThat(erasure.entries()).isEqualTo(3);
        for (Entry original : before) {
            String text = EntryJson.toExportJson(store.entry("acme", original.id()).orElseThrow()).toString().toLowerCase(Locale.ROOT);
            assertThat(text).doesNotContain("alice").doesNotContain(ALICE_IP);
        }
        Entry login = store.entry("acme", before.get(0).id()).orElseThrow();
        assertThat(login.erased()).isTrue();
        assertThat(login.salt()).isNull();
        assertThat(login.event().actor().name()).isEqualTo(erasure.pseudonym());
        assertThat(login.event().actor().email()).isNull();
        assertThat(login.event().ip()).isNull();
        assertThat(store.entry("acme", before.get(3).id()).orElseThrow().erased()).isFalse();
        assertEveryProofStillVerifies(before, cp);
    }

    @Test
    void anErasureReachesEveryEntryOfASubjectInMoreEntriesThanOneChunkOfTheRewrite() {
        Actor alice = new Actor("user", "u_1", "Alice Liddell", "alice@example.com");
        int entries = SubjectErasure.CHUNK * 2 + SubjectErasure.CHUNK / 2;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            events.add(personal("user.viewed", alice, null, List.of(), ALICE_IP, "Alice Liddell viewed page " + i, null));
            if (i % 100 == 0) events.add(event("unrelated"));
        }
        appendAll("acme", events);
        Checkpoint cp = store.checkpoint("acme");

        Erasure erasure = store.erase("acme", "u_1");

        assertThat(erasure.entries()).isEqualTo(entries);
        assertThat(found("acme", Map.of("q", "alice"))).isEmpty();
        assertThat(found("acme", Map.of("q", erasure.pseudonym()))).hasSize(entries);
        assertThat(store.checkpoint("acme").rootHash()).isEqualTo(cp.rootHash());
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void anErasureReachesEveryEntryOfTheSubjectAppendedBeforeItsRecordEvenWhileItRuns() throws Exception {
        Actor alice = new Actor("user", "u_1", "Alice Liddell", "alice@example.com");
        List<Event> seed = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) seed.add(personal("user.viewed", alice, null, List.of(), ALICE_IP, "Alice Liddell viewed page " + i, null));
        for (int from = 0; from < seed.size(); from += 1_000) appendAll("acme", seed.subList(from, from + 1_000));
        AtomicBoolean erasing = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> appendedWhileErasing = new ArrayList<>();
        ExecutorService appender = Executors.newSingleThreadExecutor();
        Future<?> appending = appender.submit(() -> {
            for (int n = 0; !stop.get(); n++) {
                boolean during = erasing.get();
                List<Entry> acknowledged = appendAll("acme", List.of(personal("user.viewed", alice, null, List.of(), ALICE_IP,
                        "Alice Liddell viewed page " + n, null)));
                if (during && !stop.get()) appendedWhileErasing.add(acknowledged.getFirst().seq());
            }
            return null;
        });
        Erasure erasure;
        try {
            erasing.set(true);
            erasure = store.erase("acme", "u_1", done -> Optional.of(recordOf("subject.erased", done.pseudonym(), done.entries())));
        } finally {
            stop.set(true);
            appending.get();
            appender.shutdown();
        }

        List<Entry> log = new ArrayList<>();
        store.scan("acme", EntryQuery.all(), store.checkpoint("acme").size(), log::add);
        long record = log.stream().filter(e -> e.event().action().equals("subject.erased")).findFirst().orElseThrow().seq();
        assertThat(appendedWhileErasing).as("entries acknowledged while the erasure ran, before its record")
                .anyMatch(seq -> seq > seed.size() && seq < record);
        List<Entry> before = log.stream().filter(e -> e.seq() < record).toList();
        assertThat(before).as("every entry before the record").allMatch(Entry::erased);
        assertThat(before.stream().filter(e -> e.event().actor().name().equals(erasure.pseudonym()))).hasSize(before.size());
        assertThat(erasure.entries()).isEqualTo(record);
        assertThat(log.stream().filter(e -> e.seq() > record)).as("appended after the record: left as they came")
                .noneMatch(Entry::erased);
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void twoErasuresAtOnceOfPeopleInTheSameEntriesBothSucceedWhileAppendsGoOn() throws Exception {
        Actor alice = new Actor("user", "u_1", "Alice Liddell", "alice@example.com");
        List<Event> seed = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            seed.add(personal("user.viewed", alice, null, List.of(new Concern("user", "u_2", "Bob Dodgson")), ALICE_IP,
                    "Alice Liddell showed Bob Dodgson page " + i, null));
        }
        for (int from = 0; from < seed.size(); from += 1_000) appendAll("acme", seed.subList(from, from + 1_000));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> appending = threads.submit(() -> {
                for (int n = 0; !stop.get(); n++) appendAll("acme", seed.subList(n % 1_000, n % 1_000 + 5));
                return null;
            });
            Future<Erasure> first = threads.submit(() -> store.erase("acme", "u_1"));
            Future<Erasure> second = threads.submit(() -> store.erase("acme", "u_2"));
            assertThat(first.get().entries()).isGreaterThanOrEqualTo(seed.size());
            assertThat(second.get().entries()).isGreaterThanOrEqualTo(seed.size());
            stop.set(true);
            appending.get();
        } finally {
            stop.set(true);
            threads.shutdown();
        }
        assertThat(found("acme", Map.of("q", "Alice Liddell"))).as("the entries before the erasures are erased")
                .allMatch(e -> e.seq() >= seed.size());
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void searchesNoLongerFindAnErasedSubject() {
        seedAlice();
        store.erase("acme", "u_1");
        assertThat(found("acme", Map.of("q", "alice"))).isEmpty();
        assertThat(found("acme", Map.of("ip", ALICE_IP))).isEmpty();
    }

    @Test
    void erasingTwiceChangesNothingAndAnswersTheSamePseudonym() {
        seedAlice();
        Erasure first = store.erase("acme", "u_1");
        Erasure second = store.erase("acme", "u_1");
        assertThat(second).isEqualTo(new Erasure(first.pseudonym(), 0));
        assertThat(store.erase("globex", "u_1").pseudonym()).isNotEqualTo(first.pseudonym());
    }

    /**
     * Two people of one name: erasing the first writes its pseudonym where the name stood in the other's entry too.
     * Erasing the second then learned that pseudonym as one of their names, and rewrote the first's entries with the
     * second's pseudonym; each erasure after undid the one before, and none answered 0.
     */
    @Test
    void aPseudonymIsNeverTakenForANameOfTheNextSubjectSoEachKeepsTheirsAndErasingAgainChangesNothing() {
        List<Entry> seeded = appendAll("acme", List.of(
                personal("doc.updated", new Actor("user", "u_1", "Sam Lee", null), null, List.of(), null, "edited", null),
                personal("doc.updated", new Actor("user", "u_2", "Sam Lee", null), null, List.of(), null, "edited", null)));
        Erasure first = store.erase("acme", "u_1");
        Erasure second = store.erase("acme", "u_2");
        assertThat(store.erase("acme", "u_1")).isEqualTo(new Erasure(first.pseudonym(), 0));
        assertThat(store.erase("acme", "u_2")).isEqualTo(new Erasure(second.pseudonym(), 0));
        Actor firstActor = store.entry("acme", seeded.get(0).id()).orElseThrow().event().actor();
        assertThat(firstActor.name()).isEqualTo(first.pseudonym());
        assertThat(EntryJson.toExportJson(store.entry("acme", seeded.get(0).id()).orElseThrow()).toString())
                .doesNotContain(second.pseudonym());
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void anErasureIsRecordedByTheEntryItsRecordingMakesOfIt() {
        seedAlice();
        long size = store.checkpoint("acme").size();

        Erasure erasure = store.erase("acme", "u_1", done -> Optional.of(recordOf("subject.erased", done.pseudonym(), done.entries())));

        Entry record = found("acme", Map.of("action", "subject.erased")).getFirst();
        assertThat(record.seq()).as("appended right after the erasure").isEqualTo(size);
        assertThat(record.event().target().id()).isEqualTo(erasure.pseudonym());
        assertThat(record.event().metadata()).isEqualTo(object().put("entries", 3));
        assertThat(record.event().idempotencyKey()).startsWith(PendingRecords.KEY_PREFIX);
        assertThat(store.checkpoint("acme").size()).isEqualTo(size + 1);
    }

    @Test
    void aRecordAStoppedStoreLeftPendingIsAppendedOnceWhenItOpensAgain() throws SQLException {
        store.close();
        store = null;
        inDatabase(dir, c -> PendingRecords.add(c, "acme", recordOf("subject.erased", "subject-1", 2), START.toEpochMilli()));
        store = open(dir, clock);
        Event recorded = found("acme", Map.of("action", "subject.erased")).getFirst().event();
        assertThat(json(recorded.withIdempotencyKey(null))).isEqualTo(json(recordOf("subject.erased", "subject-1", 2)));

        // as a crash between appending it and forgetting it leaves it
        store.close();
        store = null;
        inDatabase(dir, c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO pending_records (key, tenant, event, created_ms) VALUES (?, ?, ?, ?)")) {
                st.setString(1, recorded.idempotencyKey());
                st.setString(2, "acme");
                st.setString(3, json(recorded));
                st.setLong(4, START.toEpochMilli());
                st.executeUpdate();
            }
        });
        store = open(dir, clock);
        assertThat(found("acme", Map.of("action", "subject.erased"))).hasSize(1);
        store.close();
        store = null;
        inDatabase(dir, c -> assertThat(PendingRecords.all(c)).isEmpty());
    }

    private static String json(Event event) {
        return EntryJson.putEvent(object(), event).toString();
    }

    /** An entry recording a change of {@code count} entries about {@code subject}, as a server makes one. */
    private static Event recordOf(String action, String subject, long count) {
        return new Event(action, EventType.DELETED, "audit", action + " changed " + count + " entries", null,
                new Actor("user", "u_admin", "Admin", null), new Target("subject", subject, null, null), List.of(), "198.51.100.7",
                "curl/8", Event.SUCCESS, null, object().put("entries", count), null);
    }

    @Test
    void anErasureSurvivesARestartAndTheLogStillVerifies() {
        List<Entry> before = seedAlice();
        store.erase("acme", "u_1");
        store.close();
        store = open(dir, clock);
        Entry login = store.entry("acme", before.get(0).id()).orElseThrow();
        assertThat(login.erased()).isTrue();
        assertThat(login.personalCommitment()).isEqualTo(LeafEncoding.personalCommitment(before.get(0)));
        assertThat(store.verify("acme").ok()).isTrue();
        assertThat(appendAll("acme", List.of(event("after"))).getFirst().seq()).isEqualTo(4);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Checks that every entry still has its leaf hash and an inclusion proof to the (unchanged) checkpoint. */
    private void assertEveryProofStillVerifies(List<Entry> before, Checkpoint cp) {
        assertThat(store.checkpoint("acme").rootHash()).isEqualTo(cp.rootHash());
        for (Entry original : before) {
            Entry now = store.entry("acme", original.id()).orElseThrow();
            assertThat(LeafEncoding.leafHash(now)).isEqualTo(original.leafHash());
            assertThat(now.leafHash()).isEqualTo(original.leafHash());
            List<byte[]> proof = Proofs.inclusion(now.seq(), cp.size(), store.nodes("acme"));
            assertThat(Proofs.verifyInclusion(now.seq(), cp.size(), LeafEncoding.leafHash(now), proof, cp.rootHash())).isTrue();
        }
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void anErasureReachesTheTargetUrlAndIdempotencyKeyAndEveryProofStillVerifiesAfterARestart() {
        Actor ada = new Actor("user", "u_42", "Ada Lovelace", "ada@example.com");
        Actor grace = new Actor("user", "u_17", "Grace Hopper", "grace@example.com");
        List<Entry> before = appendAll("acme", List.of(
                personal("user.login", ada, null, List.of(), "203.0.113.7", "login", null),
                new Event("user.viewed", EventType.READ, "crm", null, null, grace,
                        new Target("user", "u_42", "Ada Lovelace", "https://app.example.com/users/ada@example.com"), List.of(),
                        null, null, Event.SUCCESS, null, null, "ada@example.com-view-1"),
                new Event("invite.sent", EventType.CREATED, "crm", "Invitation sent", null, grace,
                        new Target("invite", "inv-9", null, "https://app.example.com/invites?to=ada%40example.com"), List.of(),
                        null, null, Event.SUCCESS, null, null, null)));
        assertThat(before).allSatisfy(e -> assertThat(e.leafVersion()).isEqualTo(LeafEncoding.VERSION));
        Checkpoint cp = store.checkpoint("acme");

        Erasure erasure = store.erase("acme", "u_42");
        store.close();
        store = open(dir, clock);

        assertThat(erasure.entries()).isEqualTo(3);
        Event viewed = store.entry("acme", before.get(1).id()).orElseThrow().event();
        assertThat(viewed.target().url()).isEqualTo("https://app.example.com/users/" + erasure.pseudonym());
        assertThat(viewed.idempotencyKey()).isEqualTo(erasure.pseudonym() + "-view-1");
        assertThat(store.entry("acme", before.get(2).id()).orElseThrow().event().target().url())
                .isEqualTo("https://app.example.com/invites?to=" + erasure.pseudonym());
        for (Entry e : before) {
            String text = EntryJson.toExportJson(store.entry("acme", e.id()).orElseThrow()).toString().toLowerCase(Locale.ROOT);
            assertThat(text).doesNotContain("ada@", "ada%40", "lovelace");
        }
        assertEveryProofStillVerifies(before, cp);
    }

    @Test
    void anErasureReachesMemberNamesFormerAddressesAndOtherSpellingsOfTheSubjectsIp() {
        Actor ada = new Actor("user", "u_42", "Ada Lovelace", "ada@example.com");
        Actor grace = new Actor("user", "u_17", "Grace Hopper", "grace@example.com");
        var emailChange = object();
        emailChange.putObject("email").put("old", "ada.old@example.com").put("new", "ada@example.com");
        var keyedByName = object().put("Ada Lovelace", "key holds the name").put("client_ip", "2001:db8:0:0:0:0:0:7");
        List<Entry> before = appendAll("acme", List.of(
                personal("user.login", ada, null, List.of(), "2001:db8::7", "login", null),
                personal("user.updated", grace, new Target("user", "u_42", "Ada Lovelace", null), List.of(), "203.0.113.7",
                        "e-mail changed", emailChange),
                new Event("note.added", EventType.CREATED, "crm", "Wrote to ada.old@example.com from 2001:DB8::7.", null,
                        grace, null, List.of(), "203.0.113.7", null, Event.SUCCESS, null, keyedByName, null)));
        Checkpoint cp = store.checkpoint("acme");

        Erasure erasure = store.erase("acme", "u_42");

        assertThat(erasure.entries()).isEqualTo(3);
        for (Entry e : before) {
            String text = EntryJson.toExportJson(store.entry("acme", e.id()).orElseThrow()).toString().toLowerCase(Locale.ROOT);
            assertThat(text).doesNotContain("lovelace", "ada@", "ada.old@", "2001:db8::7", "2001:db8:0:0:0:0:0:7");
        }
        Event note = store.entry("acme", before.get(2).id()).orElseThrow().event();
        assertThat(note.metadata()).isEqualTo(object().put(erasure.pseudonym(), "key holds the name").put("client_ip", erasure.pseudonym()));
        assertThat(note.description()).isEqualTo("Wrote to " + erasure.pseudonym() + " from " + erasure.pseudonym() + ".");
        assertThat(note.actor()).isEqualTo(grace);
        assertThat(found("acme", Map.of("q", "ada.old"))).isEmpty();
        assertEveryProofStillVerifies(before, cp);
    }

    @Test
    void anErasureLeavesOtherPeoplesWordsThatMerelyContainTheSubjectsNameOrAddress() {
        Actor bob = new Actor("user", "u_bob", "Bob", null);
        Actor bobby = new Actor("user", "u_7", "Bobby Tables", null);
        String description = "Bobsled booking for the Annual Bob-fest; server 10.0.0.15 and 110.0.0.1";
        List<Entry> before = appendAll("acme", List.of(
                personal("user.login", bob, null, List.of(), "10.0.0.1", "login", null),
                // about Bob (a concern), so his one-word name counts as a token in its text
                personal("booking.created", bobby, null, List.of(new Concern("user", "u_bob", null)), "10.0.0.15", description, null)));
        Checkpoint cp = store.checkpoint("acme");

        Erasure erasure = store.erase("acme", "u_bob");

        Event booking = store.entry("acme", before.get(1).id()).orElseThrow().event();
        assertThat(booking.actor()).isEqualTo(bobby);
        assertThat(booking.ip()).isEqualTo("10.0.0.15");
        assertThat(booking.description()).isEqualTo(description.replace("Bob-fest", erasure.pseudonym() + "-fest"));
        assertThat(found("acme", Map.of("q", "bobsled"))).hasSize(1);
        assertEveryProofStillVerifies(before, cp);
    }

    // --- retention prune -----------------------------------------------------------------------------

    @Test
    void aPruneRemovesTheOldPrefixAndEveryProofAcrossItStillVerifies() {
        appendAll("acme", IntStream.range(0, 100).mapToObj(i -> event("old")).toList());
        Checkpoint small = store.checkpoint("acme");
        appendAll("acme", IntStream.range(0, 200).mapToObj(i -> event("old")).toList());
        Checkpoint beforePrune = store.checkpoint("acme");
        clock.advance(Duration.ofDays(40));
        List<Entry> kept = appendAll("acme", IntStream.range(0, 150).mapToObj(i -> event("new")).toList());
        appendAll("globex", List.of(event("old.elsewhere")));

        assertThat(store.prune("acme", START.plus(Duration.ofDays(1)))).isEqualTo(300);

        assertThat(all("acme", EntryQuery.all())).hasSize(150).allMatch(e -> e.event().action().equals("new"));
        assertThat(all("globex", EntryQuery.all())).hasSize(1);
        Checkpoint now = store.checkpoint("acme");
        for (Checkpoint old : List.of(small, beforePrune)) {
            List<byte[]> proof = Proofs.consistency(old.size(), now.size(), store.nodes("acme"));
            assertThat(Proofs.verifyConsistency(old.size(), now.size(), old.rootHash(), now.rootHash(), proof)).isTrue();
        }
        for (Entry e : kept) {
            List<byte[]> proof = Proofs.inclusion(e.seq(), now.size(), store.nodes("acme"));
            assertThat(Proofs.verifyInclusion(e.seq(), now.size(), e.leafHash(), proof, now.rootHash())).isTrue();
        }
        assertThat(store.verify("acme").ok()).isTrue();
        assertThat(store.prune("acme", START.plus(Duration.ofDays(1)))).isZero();

        store.close();
        store = open(dir, clock);
        assertThat(store.verify("acme").ok()).isTrue();
        assertThat(appendAll("acme", List.of(event("after"))).getFirst().seq()).isEqualTo(450);
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void aPruneIsRecordedByTheEntryItsRecordingMakesAndOneThatMakesNoneRecordsNothing() {
        appendAll("acme", IntStream.range(0, 10).mapToObj(i -> event("old")).toList());
        clock.advance(Duration.ofDays(40));

        assertThat(store.prune("acme", START.plus(Duration.ofDays(1)), removed -> Optional.of(recordOf("retention.pruned", "old", removed))))
                .isEqualTo(10);
        assertThat(store.prune("acme", START.plus(Duration.ofDays(1)), removed -> Optional.empty())).isZero();

        List<Entry> left = all("acme", EntryQuery.all());
        assertThat(left).singleElement().satisfies(record -> {
            assertThat(record.seq()).isEqualTo(10);
            assertThat(record.event().metadata()).isEqualTo(object().put("entries", 10));
        });
    }
}
