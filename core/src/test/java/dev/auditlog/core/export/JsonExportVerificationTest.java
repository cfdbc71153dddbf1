package dev.auditlog.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.NoteSigner;
import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.erasure.SubjectScrubber;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.merkle.InMemoryTree;
import dev.auditlog.core.sample.SampleEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A JSON export verifies offline, and every kind of edit to it is caught and named. */
class JsonExportVerificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** Enough for the export to span several read buffers and entry chunks. */
    private static final int ENTRIES = 3000;

    private final NoteSigner signer = NoteSigner.generate("auditlog/acme");
    private final List<Entry> log = new ArrayList<>();
    private final InMemoryTree tree = new InMemoryTree();
    private Checkpoint checkpoint;

    /** A log begun before leaf encoding version 2: its first third is of version 1, the rest of version 2. */
    @BeforeEach
    void buildLog() {
        SampleEvents sample = new SampleEvents(3);
        for (int seq = 0; seq < ENTRIES; seq++) {
            Instant at = T0.plusSeconds(seq);
            int version = seq < ENTRIES / 3 ? LeafEncoding.VERSION_1 : LeafEncoding.VERSION;
            Entry unhashed = new Entry("acme", EntryIds.newId(at.toEpochMilli()), seq, at, sample.next(at.minusSeconds(2)),
                    EntryIds.newSalt(), null, null, version);
            Entry e = new Entry("acme", unhashed.id(), seq, at, unhashed.event(), unhashed.salt(), null, LeafEncoding.leafHash(unhashed),
                    version);
            log.add(e);
            tree.append(e.leafHash());
        }
        checkpoint = signer.signCheckpoint("auditlog/acme", tree.size(), tree.root());
    }

    /** Every entry: the export of a query without filters. */
    private static final Predicate<Entry> ALL = e -> true;

    /** The export of every entry. */
    private byte[] export(Predicate<Entry> all) {
        assertThat(all).isSameAs(ALL);
        return export(Map.of(), all);
    }

    /** The export of the entries on channel billing, spread over the whole log. */
    private byte[] billing() {
        return export(Map.of("channel", "billing"), e -> e.event().channel().equals("billing"));
    }

    /** The export of the entries recorded up to {@code seq}'s (entry N is recorded N seconds after T0). */
    private byte[] upTo(long seq) {
        return export(Map.of("to", T0.plusSeconds(seq).toString()), e -> e.seq() <= seq);
    }

    private byte[] export(Map<String, String> filters, Predicate<Entry> filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonExport.write(out, "acme", filters, checkpoint, T0, sink -> log.reversed().stream().filter(filter).forEach(sink), tree, signer::sign);
        return out.toByteArray();
    }

    /**
     * Deletes the entry at {@code index} of the entries array and puts its leaf hash into the proof as a node of
     * level 0: the multi-proof then rebuilds the signed root as if the export had left the entry out.
     */
    private static void deleteBehindTheProof(ObjectNode root, int index) {
        JsonNode removed = ((ArrayNode) root.get("entries")).remove(index);
        byte[] leafHash = java.util.HexFormat.of().parseHex(removed.get("leaf_hash").asText());
        ((ArrayNode) root.at("/proof/nodes")).addArray().add(0).add(removed.get("seq").asLong())
                .add(java.util.Base64.getEncoder().encodeToString(leafHash));
    }

    private static byte[] editRoot(byte[] document, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(document);
        change.accept(root);
        return JSON.writeValueAsBytes(root);
    }

    private ExportVerifier.Result verify(byte[] document) throws IOException {
        return new ExportVerifier(signer.verifierKey()).verify(new ByteArrayInputStream(document));
    }

    private static byte[] edit(byte[] document, java.util.function.Consumer<ArrayNode> change) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(document);
        change.accept((ArrayNode) root.get("entries"));
        return JSON.writeValueAsBytes(root);
    }

    /** Index in the newest-first entries array of the entry with the given seq. */
    private static int at(ArrayNode entries, long seq) {
        for (int i = 0; i < entries.size(); i++) if (entries.get(i).get("seq").asLong() == seq) return i;
        throw new AssertionError("no seq " + seq);
    }

    @Test
    void anExportCutOffByAFailureIsNoJsonDocument() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> JsonExport.write(out, "acme", Map.of(), checkpoint, T0, sink -> {
            sink.accept(log.getLast());
            throw new IllegalStateException("the store failed");
        }, tree, signer::sign)).hasMessage("the store failed");
        assertThatThrownBy(() -> JSON.readTree(out.toByteArray())).isInstanceOf(IOException.class);
    }

    @Test
    void aCompleteExportVerifies() throws IOException {
        ExportVerifier.Result result = verify(export(ALL));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(ENTRIES);
    }

    /** Format 2 exports named no leaf version: all their entries were of version 1. */
    @Test
    void anExportOfFormat2WithoutLeafVersionsVerifies() throws IOException {
        byte[] doc = editRoot(upTo(ENTRIES / 3 - 1), root -> {
            root.put("format", JsonExport.FORMAT_WITHOUT_LEAF_VERSIONS);
            root.get("entries").forEach(entry -> ((ObjectNode) entry).remove("leaf_version"));
        });
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(ENTRIES / 3);
    }

    @Test
    void anEntryReadInTheOtherLeafVersionFails() throws IOException {
        byte[] v2AsV1 = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, ENTRIES - 1))).put("leaf_version", 1));
        byte[] v1AsV2 = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 0))).put("leaf_version", 2));
        assertThat(verify(v2AsV1).ok()).isFalse();
        assertThat(verify(v2AsV1).message()).contains("seq " + (ENTRIES - 1));
        assertThat(verify(v1AsV2).ok()).isFalse();
        assertThat(verify(v1AsV2).message()).contains("seq 0");
    }

    @Test
    void aFilteredExportVerifiesWithItsMultiProof() throws IOException {
        byte[] doc = billing();
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(JSON.readTree(doc).at("/proof/nodes").size()).isGreaterThan(0);
    }

    /**
     * The proof shows each entry is in the signed tree and the statement signs how many the filters chose, so an entry
     * the filters left out, with its proof rebuilt around it, could stand in for one of theirs, deleted.
     */
    @Test
    void anEntryTheFiltersLeaveOutPutInPlaceOfOneOfTheirsIsNamed() throws IOException {
        List<Entry> billing = log.stream().filter(e -> e.event().channel().equals("billing")).toList();
        Entry hidden = billing.get(billing.size() / 2);
        Entry stranger = log.stream().filter(e -> !e.event().channel().equals("billing")).toList().get(100);
        byte[] swapped = export(Map.of("channel", "billing"),
                e -> e.event().channel().equals("billing") && e != hidden || e == stranger);
        ExportVerifier.Result result = verify(swapped);
        assertThat(result.ok()).isFalse();
        assertThat(result.badSeq()).isEqualTo(stranger.seq());
        assertThat(result.message()).isEqualTo("entry seq " + stranger.seq() + " (" + stranger.id() + ") is not one the export's "
                + "filters (channel=billing) choose: it was added in place of one of theirs");
    }

    @Test
    void theFiltersMustComeBeforeTheEntriesTheyAreHeldTo() throws IOException {
        byte[] moved = editRoot(billing(), root -> root.set("filters", root.remove("filters")));
        assertThat(verify(moved).message()).isEqualTo("the export's filters come after its entries, which therefore could not be "
                + "held to them: an export puts its filters first (a copy written with its keys sorted, as by jq -S, moves them: verify "
                + "the download)");
    }

    /** A period is read as of the export's exported_at, when the server read it, not as of the day it is verified. */
    @Test
    void filtersOfEveryKindAreHeldToAsTheServerReadThemAndItsExportsVerify() throws IOException {
        Entry some = log.get(1234);
        String actor = some.event().actor().id();
        Map<Map<String, String>, Predicate<Entry>> views = Map.of(
                Map.of("period", "this_month"), e -> true,
                Map.of("actor", actor), e -> e.event().actor() != null && actor.equals(e.event().actor().id()),
                Map.of("q", "INVOICE"), e -> e.event().description() != null && e.event().description().toLowerCase(Locale.ROOT).contains("invoice"),
                Map.of("event", "updated", "from", T0.plusSeconds(100).toString()),
                e -> e.event().event() == EventType.UPDATED && e.seq() >= 100);
        views.forEach((filters, chosen) -> {
            try {
                byte[] doc = export(filters, chosen);
                ExportVerifier.Result result = verify(doc);
                assertThat(result.ok()).as(filters + ": " + result.message()).isTrue();
                assertThat(result.entries()).as(filters.toString()).isPositive();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void anEmptyExportVerifies() throws IOException {
        assertThat(verify(export(Map.of("q", "in no description"), e -> false)).ok()).isTrue();
    }

    @Test
    void aChangedFieldIsNamedBySeq() throws IOException {
        byte[] doc = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 417))).put("action", "nothing.happened"));
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).isFalse();
        assertThat(result.badSeq()).isEqualTo(417);
        assertThat(result.message()).contains("entry seq 417");
    }

    @Test
    void aChangedPersonalFieldIsNamedBySeq() throws IOException {
        byte[] doc = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 5))).put("description", "edited"));
        assertThat(verify(doc).badSeq()).isEqualTo(5);
    }

    @Test
    void aRemovedEntryIsNamedBySeq() throws IOException {
        byte[] doc = edit(export(ALL), entries -> entries.remove(at(entries, 600)));
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).isFalse();
        assertThat(result.badSeq()).isEqualTo(600);
    }

    @Test
    void aRemovedEntryOfAFilteredExportIsNamedBySeq() throws IOException {
        long middle = log.stream().filter(e -> e.event().channel().equals("billing")).toList().get(20).seq();
        byte[] doc = edit(billing(), entries -> entries.remove(at(entries, middle)));
        assertThat(verify(doc).badSeq()).isEqualTo(middle);
    }

    @Test
    void anEntryDeletedAndReplacedByItsLeafHashInTheProofIsNamedWhenTheExportHasNoFilters() throws IOException {
        byte[] doc = editRoot(export(ALL), root -> deleteBehindTheProof(root, at((ArrayNode) root.get("entries"), 600)));
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).isFalse();
        assertThat(result.badSeq()).isEqualTo(600);
        assertThat(result.message()).startsWith("entry seq 600 is missing from the export: it names no filters");
    }

    @Test
    void filtersThatNoExportCouldHaveFail() throws IOException {
        byte[] doc = billing();
        Map<String, String> expected = Map.of(
                "{\"bogus\":\"1\"}", "the export's filters name bogus, which is no filter",
                "{\"limit\":\"5\"}", "the export's filters name limit, which is no filter",
                "{\"channel\":\"\"}", "the export's filter channel has no value",
                "{\"channel\":1}", "the export's filter channel has no value",
                "[\"channel\"]", "the export's filters are not an object",
                "{\"channel\":\"BAD!\"}", "the export's filters are no valid query: channel must match "
                        + "[a-z0-9][a-z0-9_.-]{0,63}, capitals read as lower case: 1 to 64 letters, digits, '_', '.' or '-', the first a "
                        + "letter or digit");
        for (var filters : expected.entrySet()) {
            byte[] edited = editRoot(doc, root -> root.set("filters", readTree(filters.getKey())));
            assertThat(verify(edited).message()).as(filters.getKey()).isEqualTo(filters.getValue());
        }
    }

    @Test
    void aDeletionFromAFilteredExportHiddenInTheProofIsCaughtByTheSignedNumberOfEntries() throws IOException {
        byte[] doc = editRoot(billing(),
                root -> deleteBehindTheProof(root, 3));
        long billing = log.stream().filter(e -> e.event().channel().equals("billing")).count();
        assertThat(verify(doc).message()).isEqualTo("the export holds " + (billing - 1) + " entries but its signed statement says "
                + billing + ": entries were removed or added");
    }

    @Test
    void whatTheSignedStatementSaysCannotBeEdited() throws IOException {
        byte[] doc = billing();
        byte[] filters = editRoot(doc, root -> ((ObjectNode) root.get("filters")).put("channel", "users"));
        byte[] time = editRoot(doc, root -> root.put("exported_at", "2026-11-20T10:00:01.000Z"));
        byte[] missing = editRoot(doc, root -> root.remove("statement"));
        String forgedStatement = NoteSigner.generate("auditlog/acme").sign(new ExportStatement("auditlog/acme", ENTRIES,
                checkpoint.rootHash(), 1, "{\"channel\":\"billing\"}", "2026-11-20T10:00:00.000Z", 0, new byte[32]).body());
        byte[] forged = editRoot(doc, root -> root.put("statement", forgedStatement));
        assertThat(verify(filters).message()).isEqualTo("the export's filters are not those its signed statement names: {\"channel\":\"billing\"}");
        assertThat(verify(time).message()).isEqualTo("the export's exported_at is not its signed statement's (2026-11-20T10:00:00.000Z)");
        assertThat(verify(missing).message()).isEqualTo("the export has no signed statement of what it holds");
        assertThat(verify(forged).message()).startsWith("the export's statement does not verify: note has no signature by");
    }

    /** Erases the actor of entry {@code seq} from the log as the store would; returns how many entries changed. */
    private long eraseActorOf(int seq) {
        SubjectScrubber scrubber = new SubjectScrubber(log.get(seq).event().actor().id(), "subject-0123456789ab");
        log.forEach(scrubber::learn);
        long changed = 0;
        for (int i = 0; i < log.size(); i++) {
            Optional<Entry> erased = scrubber.scrub(log.get(i));
            if (erased.isPresent()) {
                log.set(i, erased.get());
                changed++;
            }
        }
        return changed;
    }

    /** Turns intact entry {@code seq} of the export into an erased one, as anyone holding the export could. */
    private void markErased(ArrayNode entries, int seq) {
        ObjectNode entry = (ObjectNode) entries.get(at(entries, seq));
        entry.remove("salt");
        entry.put("personal_commitment", java.util.HexFormat.of().formatHex(LeafEncoding.personalCommitment(log.get(seq))));
        entry.put("erased", true);
        entry.put("description", "nothing happened here");
    }

    @Test
    void anExportWithErasedEntriesVerifiesAndSaysHowManyAreErased() throws IOException {
        long erased = eraseActorOf(10);
        ExportVerifier.Result result = verify(export(ALL));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("; " + erased + " of them erased (personal fields replaced by pseudonyms, as the "
                + "signed statement vouches)");
    }

    @Test
    void anIntactEntryMarkedErasedToChangeItsPersonalFieldsIsNamed() throws IOException {
        byte[] doc = edit(export(ALL), entries -> markErased(entries, 417));
        assertThat(verify(doc).message()).isEqualTo("entry seq 417 (" + log.get(417).id() + ") is marked erased, but the export's "
                + "signed statement vouches for no erased entry: it was marked erased after the export was made");
    }

    @Test
    void whatAnErasedEntryShowsCannotBeChangedNorAnotherEntryMarkedErased() throws IOException {
        long erased = eraseActorOf(10);
        byte[] doc = export(ALL);
        long changedSeq = log.stream().filter(Entry::erased).findFirst().orElseThrow().seq();
        byte[] changed = edit(doc, entries -> ((ObjectNode) entries.get(at(entries, changedSeq))).put("description", "edited"));
        long intactSeq = log.stream().filter(e -> !e.erased()).findFirst().orElseThrow().seq();
        byte[] marked = edit(doc, entries -> markErased(entries, (int) intactSeq));
        assertThat(verify(changed).message()).isEqualTo("what the export's " + erased + " erased entries show is not what its "
                + "signed statement vouches for: the personal fields of an erased entry were changed (the statement holds one "
                + "digest for all of them, so it cannot say which)");
        assertThat(verify(marked).message()).isEqualTo("the export holds " + (erased + 1) + " erased entries but its signed "
                + "statement vouches for " + erased + ": an entry was marked erased after the export was made");
    }

    /** Re-signs the export's statement as one of the version before it vouched for erased entries. */
    private void signStatementOfTheVersionBefore(ObjectNode root) {
        String body = NoteVerifier.fromVerifierKey(signer.verifierKey()).verify(root.get("statement").asText());
        root.put("statement", signer.sign(body.replace(ExportStatement.HEADER, ExportStatement.HEADER_V1)
                .replaceFirst("erased [^\\n]*\\n$", "")));
    }

    @Test
    void erasedEntriesFailUnderAStatementOfTheVersionBeforeItVouchedForThem() throws IOException {
        eraseActorOf(10);
        Entry newestErased = log.reversed().stream().filter(Entry::erased).findFirst().orElseThrow();
        assertThat(verify(editRoot(export(ALL), this::signStatementOfTheVersionBefore)).message()).isEqualTo("entry seq "
                + newestErased.seq() + " (" + newestErased.id() + ") is marked erased, but the export's signed statement vouches "
                + "for no erased entry (exports made before statements did cannot): export again to verify it");
        int from = 0;
        while (log.get(from).erased()) from++;
        int to = from;
        while (to + 1 < log.size() && !log.get(to + 1).erased()) to++;
        long first = from;
        long last = to;
        byte[] noneErased = export(Map.of("from", T0.plusSeconds(first).toString(), "to", T0.plusSeconds(last).toString()),
                e -> e.seq() >= first && e.seq() <= last); // the first run of entries the erasure left alone
        assertThat(verify(editRoot(noneErased, this::signStatementOfTheVersionBefore)).ok()).isTrue();
    }

    /** JSON readers differ on a member named twice (first or last wins), so the verifier and a reader could disagree. */
    @Test
    void membersNamedTwiceAndDataAfterTheEndFail() throws IOException {
        String doc = new String(export(ALL), StandardCharsets.UTF_8);
        byte[] entriesTwice = doc.replaceFirst("\\{", "{\"entries\":[],").getBytes(StandardCharsets.UTF_8);
        byte[] descriptionTwice = doc.replaceFirst("\"description\":", "\"description\":\"edited\",\"description\":")
                .getBytes(StandardCharsets.UTF_8);
        byte[] trailing = (doc + "{}").getBytes(StandardCharsets.UTF_8);
        assertThat(verify(entriesTwice).message()).isEqualTo("the export has more than one 'entries' member");
        Entry newest = log.getLast();
        assertThat(verify(descriptionTwice).message()).startsWith("entry #1 cannot be read: seq " + newest.seq() + " (" + newest.id()
                + "): Duplicate field 'description'");
        assertThat(verify(trailing).message()).isEqualTo("the export has more after its end");
    }

    @Test
    void aMalformedProofIsNamedNotThrown() throws IOException {
        byte[] filtered = billing();
        assertThat(verify(editRoot(filtered, root -> ((ArrayNode) root.at("/proof/nodes/0")).remove(2))).message())
                .startsWith("the export's proof is malformed: node #1 is not [level, index, base64 hash]");
        assertThat(verify(editRoot(filtered, root -> ((ArrayNode) root.at("/proof/nodes/0")).set(2, "not base64!"))).message())
                .startsWith("the export's proof is malformed: node #1's hash is not base64");
        assertThat(verify(editRoot(filtered, root -> ((ArrayNode) root.at("/proof/nodes/0")).set(0, 99))).message())
                .startsWith("the export's proof is malformed: malformed covering node (99, ");
        assertThat(verify(editRoot(filtered, root -> ((ObjectNode) root.get("proof")).put("nodes", "abc"))).message())
                .isEqualTo("the export's proof is malformed: its nodes are not an array");
        assertThat(verify(editRoot(filtered, root -> root.put("checkpoint", "abc"))).message())
                .isEqualTo("the export's checkpoint or proof is not an object");
    }

    @Test
    void aByteOrderMarkIsSkippedAndACsvExportIsRecognised() throws IOException {
        byte[] doc = export(ALL);
        byte[] withMark = new byte[doc.length + 3];
        System.arraycopy(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 0, withMark, 0, 3);
        System.arraycopy(doc, 0, withMark, 3, doc.length);
        assertThat(verify(withMark).ok()).isTrue();
        assertThat(verify("\uFEFFid,seq,recorded_at,occurred_at\n".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("a CSV export, which carries no proof: export as JSON to verify");
    }

    @Test
    void anErasedFlagThatIsNotABooleanIsNamed() throws IOException {
        byte[] doc = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 5))).put("erased", "yes"));
        assertThat(verify(doc).message()).endsWith("seq 5 (" + log.get(5).id() + "): its 'erased' is neither true nor false");
    }

    @Test
    void anExportOfTheFormatBeforeTheStatementVerifiesAndSaysWhatIsNotSigned() throws IOException {
        byte[] old = editRoot(export(ALL), root -> {
            root.put("format", JsonExport.FORMAT_WITHOUT_STATEMENT);
            root.remove("statement");
        });
        ExportVerifier.Result result = new ExportVerifier(signer.verifierKey(), true).verify(new ByteArrayInputStream(old));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).endsWith("; an export of format auditlog-export/1, whose entry count and filters are not signed");
    }

    /** Else removing the statement and renaming the format would let anyone mark any entry erased and rewrite it. */
    @Test
    void anExportOfTheFormatBeforeTheStatementFailsOnItsFirstErasedEntryForNothingVouchesForWhatItShows() throws IOException {
        byte[] downgraded = editRoot(export(ALL), root -> {
            root.put("format", JsonExport.FORMAT_WITHOUT_STATEMENT);
            root.remove("statement");
            markErased((ArrayNode) root.get("entries"), 417);
        });
        ExportVerifier.Result result = new ExportVerifier(signer.verifierKey(), true).verify(new ByteArrayInputStream(downgraded));
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("entry seq 417 (" + log.get(417).id() + ") is marked erased, but an export of "
                + "format auditlog-export/1 has no signed statement to vouch for what an erased entry shows: export again to verify it");
    }

    /** verify's input is someone else's file: a terminal escape in it must not draw "OK" over the FAILED line. */
    @Test
    void controlAndFormatCharactersTheFileChoseAreShownEscapedInTheMessage() throws IOException {
        String spoof = "\r\u001B[2KOK: all verified\u001B[8m\u202E";
        byte[] doc = edit(export(ALL), entries -> ((ObjectNode) entries.get(0)).put("id", spoof + log.getLast().id()));
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("\\u000D\\u001B[2KOK: all verified\\u001B[8m\\u202E" + log.getLast().id())
                .doesNotContain("\r").doesNotContain("\u001B").doesNotContain("\u202E");
    }

    @Test
    void theFormatBeforeTheStatementIsRefusedUnlessAllowedAndNeverNamedBesideAStatement() throws IOException {
        byte[] downgraded = editRoot(billing(), root -> {
            root.put("format", JsonExport.FORMAT_WITHOUT_STATEMENT);
            root.remove("statement");
            deleteBehindTheProof(root, 3);
        });
        assertThat(verify(downgraded).message()).startsWith("the export is of format auditlog-export/1, whose number of entries "
                + "and filters are not signed");
        byte[] relabelled = editRoot(export(ALL), root -> root.put("format", JsonExport.FORMAT_WITHOUT_STATEMENT));
        assertThat(new ExportVerifier(signer.verifierKey(), true).verify(new ByteArrayInputStream(relabelled)).message())
                .isEqualTo("the export carries a signed statement but names format auditlog-export/1: its format was changed");
    }

    @Test
    void nullFiltersAreNoFilters() throws IOException {
        byte[] doc = editRoot(export(ALL), root -> {
            root.putNull("filters");
            deleteBehindTheProof(root, at((ArrayNode) root.get("entries"), 5));
        });
        assertThat(verify(doc).badSeq()).isEqualTo(5);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anExportWithoutFiltersMayLackOnlyTheOldestEntriesAndSaysSo() throws IOException {
        ExportVerifier.Result result = verify(export(Map.of(), e -> e.seq() >= 1000));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("the oldest 1000 (seq 0 to 999) are not in it, as after a retention prune");
    }

    @Test
    void anExportWithoutFiltersThatHoldsNoEntryOfANonEmptyLogFails() throws IOException {
        ExportVerifier.Result result = verify(export(Map.of(), e -> false));
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("the export names no filters but holds none of the log's 3000 entries");
    }

    @Test
    void aFilteredExportSaysWhatItsFiltersLeaveOut() throws IOException {
        ExportVerifier.Result result = verify(billing());
        long billing = log.stream().filter(e -> e.event().channel().equals("billing")).count();
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("its filters (channel=billing) leave out " + (ENTRIES - billing) + " entries");
    }

    @Test
    void aMemberAddedToAnEntryIsNamed() throws IOException {
        String id = log.get(417).id();
        byte[] top = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 417))).put("note", "approved"));
        byte[] nested = edit(export(ALL), entries -> {
            ObjectNode entry = (ObjectNode) entries.get(at(entries, 417));
            entry.putObject("target").put("type", "invoice").put("approved_by", "someone");
        });
        assertThat(verify(top).message()).contains("seq 417 (" + id + "): it has a member 'note' that no export writes");
        assertThat(verify(nested).message()).contains("seq 417 (" + id + "): it has a member 'target.approved_by' that no export writes");
    }

    @Test
    void editsOfWhatTheSignedNoteAlsoSaysFail() throws IOException {
        byte[] doc = export(ALL);
        byte[] size = editRoot(doc, root -> ((ObjectNode) root.get("checkpoint")).put("size", ENTRIES - 1));
        byte[] rootHash = editRoot(doc, root -> ((ObjectNode) root.get("checkpoint")).put("root_hash", "00".repeat(32)));
        byte[] origin = editRoot(doc, root -> ((ObjectNode) root.get("checkpoint")).put("origin", "auditlog/other"));
        byte[] tenant = editRoot(doc, root -> root.put("tenant", "other"));
        byte[] treeSize = editRoot(doc, root -> ((ObjectNode) root.get("proof")).put("tree_size", 7));
        byte[] format = editRoot(doc, root -> root.put("format", "auditlog-export/4"));
        assertThat(verify(treeSize).message()).isEqualTo("the proof's tree_size 7 is not the signed note's size (3000)");
        assertThat(verify(format).message())
                .isEqualTo("the export's format is \"auditlog-export/4\"; this verifier reads auditlog-export/3, auditlog-export/2 and auditlog-export/1");
        assertThat(verify(size).message()).isEqualTo("the checkpoint's size 2999 is not the signed note's (3000)");
        assertThat(verify(rootHash).message()).startsWith("the checkpoint's root_hash \"0000");
        assertThat(verify(origin).message()).isEqualTo("the checkpoint's origin \"auditlog/other\" is not the signed note's (auditlog/acme)");
        assertThat(verify(tenant).message()).isEqualTo("the export names tenant \"other\" but its checkpoint is signed for auditlog/acme");
    }

    @Test
    void swappedEntriesAreNamed() throws IOException {
        byte[] doc = edit(export(ALL), entries -> {
            int a = at(entries, 250);
            int b = at(entries, 700);
            JsonNode first = entries.get(a);
            entries.set(a, entries.get(b));
            entries.set(b, first);
        });
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("out of order");
    }

    @Test
    void anAddedEntryIsNamed() throws IOException {
        byte[] doc = edit(upTo(499), entries -> entries.insert(0, entries.get(entries.size() - 1).deepCopy()));
        assertThat(verify(doc).ok()).isFalse();
    }

    @Test
    void aForgedSignatureFails() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(export(ALL));
        NoteSigner forger = NoteSigner.generate("auditlog/acme");
        Checkpoint forged = forger.signCheckpoint("auditlog/acme", checkpoint.size(), checkpoint.rootHash());
        ((ObjectNode) root.get("checkpoint")).put("signed_note", forged.signedNote()).put("public_key", forged.publicKey());
        ExportVerifier.Result result = verify(JSON.writeValueAsBytes(root));
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("signature");
    }

    @Test
    void withoutAPinnedKeyTheVerifierNamesTheKeyItTrustedAndThatItShowsOnlyThatTheFileAgreesWithItself() throws IOException {
        ExportVerifier.Result result = new ExportVerifier(null).verify(new ByteArrayInputStream(export(ALL)));
        assertThat(result.ok()).isTrue();
        assertThat(result.message()).endsWith("; signed by the key the export itself names (" + signer.verifierKey() + "), so "
                + "this shows only that the file agrees with itself: pass the tenant's key from your server (GET …/checkpoint, "
                + "public_key) as --public-key to show that it is the log's");
        assertThat(verify(export(ALL)).message()).doesNotContain("--public-key");
    }

    @Test
    void anExportReadTheGeneralWayVerifiesAndNamesAnEditedEntry() throws IOException {
        byte[] pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.readTree(export(ALL)));
        ExportVerifier.Result result = verify(pretty);
        assertThat(result.ok()).as(result.message()).isTrue();

        ObjectNode root = (ObjectNode) JSON.readTree(pretty);
        ArrayNode entries = (ArrayNode) root.get("entries");
        ((ObjectNode) entries.get(at(entries, 1234))).put("description", "edited");
        assertThat(verify(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)).badSeq()).isEqualTo(1234);
    }

    @Test
    void aChangedEntryIsNamedByItsSeqAndIdWhicheverWayItWasRead() throws IOException {
        String id = log.get(1234).id();
        byte[] plain = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 1234))).put("description", "edited"));
        byte[] escaped = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 1234))).put("description", "edited\n"));
        for (byte[] doc : List.of(plain, escaped)) {
            assertThat(verify(doc).message()).isEqualTo("entry seq 1234 (" + id + ") does not match its leaf hash: its content was changed");
        }
    }

    @Test
    void anEntryLargerThanTheReadBufferIsReadWhole() throws IOException {
        byte[] doc = edit(export(ALL), entries -> ((ObjectNode) entries.get(at(entries, 2000))).put("description", "x".repeat(3 << 20)));
        ExportVerifier.Result result = verify(doc);
        assertThat(result.badSeq()).isEqualTo(2000);
        assertThat(result.message()).contains("does not match its leaf hash");
    }

    @Test
    void anEntryThatIsNotAnObjectCannotBeRead() throws IOException {
        byte[] doc = edit(export(ALL), entries -> entries.insert(2, 5));
        ExportVerifier.Result result = verify(doc);
        assertThat(result.ok()).isFalse();
        assertThat(result.entries()).isEqualTo(2);
        assertThat(result.message()).startsWith("entry #3 cannot be read");
    }

    @Test
    void entriesThatAreNotAnArrayAreNamed() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(export(ALL));
        root.putObject("entries");
        assertThat(verify(JSON.writeValueAsBytes(root)).message()).isEqualTo("entries is not an array");
    }

    @Test
    void aTruncatedOrMalformedDocumentFailsAsNotJson() throws IOException {
        byte[] doc = export(ALL);
        assertThat(verify(Arrays.copyOf(doc, doc.length / 2)).message()).startsWith("the export is not valid JSON at byte ")
                .endsWith(": the document ends inside a value");
        assertThat(verify("{\"format\":\"auditlog-export/2\",\"checkpoint\":{\"a\":}}".getBytes(StandardCharsets.UTF_8)).message())
                .startsWith("the export is not valid JSON at byte 48: Unexpected character ('}'");
    }

    @Test
    void somethingElseThanAnExportIsNamed() throws IOException {
        assertThat(verify("[1,2]".getBytes(StandardCharsets.UTF_8)).message()).isEqualTo("not an Auditlog JSON export");
        assertThat(verify(new byte[0]).message()).isEqualTo("not an Auditlog JSON export");
    }

    // ---- the export as written, one entry per line, edited line by line as in a text editor -------------------

    private static byte[] editLines(byte[] document, java.util.function.Consumer<List<String>> change) {
        List<String> lines = new ArrayList<>(List.of(new String(document, StandardCharsets.UTF_8).split("\n", -1)));
        change.accept(lines);
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** Index of the line that holds the entry with the given seq. */
    private static int lineOf(List<String> lines, long seq) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("\"seq\":" + seq + ",")) return i;
        throw new AssertionError("no seq " + seq);
    }

    @Test
    void theExportPutsEachEntryOnALineOfItsOwn() {
        String[] lines = new String(export(ALL), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(ENTRIES + 2);
        assertThat(lines[1]).startsWith("{\"id\":").endsWith("}");
        assertThat(lines[2]).startsWith(",{\"id\":").endsWith("}");
        assertThat(lines[ENTRIES + 1]).startsWith("],\"proof\":");
    }

    @Test
    void editsOfLinesAreNamed() throws IOException {
        byte[] doc = export(ALL);
        byte[] changed = editLines(doc, lines -> lines.set(lineOf(lines, 417),
                lines.get(lineOf(lines, 417)).replaceFirst("\"action\":\"[^\"]*\"", "\"action\":\"nothing.happened\"")));
        assertThat(verify(changed).badSeq()).isEqualTo(417);
        byte[] removed = editLines(doc, lines -> lines.remove(lineOf(lines, 600)));
        assertThat(verify(removed).badSeq()).isEqualTo(600);
        byte[] repeated = editLines(doc, lines -> lines.add(lineOf(lines, 600), lines.get(lineOf(lines, 600))));
        assertThat(verify(repeated).message()).contains("entry seq 600").contains("out of order or repeated");
    }

    @Test
    void anEntryAddedOnAnotherEntrysLineIsNotOverlooked() throws IOException {
        byte[] doc = export(ALL);
        byte[] joined = editLines(doc, lines -> {
            int at = lineOf(lines, 700);
            lines.set(at, lines.get(at) + lines.get(lineOf(lines, 10))); // a copy of an older entry, after entry 700
        });
        ExportVerifier.Result result = verify(joined);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("cannot be read").contains("line");
        assertThat(result.entries()).isEqualTo(ENTRIES - 1 - 700);
    }

    @Test
    void anEntrySplitAfterABraceIsNotReadAsTwo() throws IOException {
        byte[] split = editLines(export(ALL), lines -> {
            int at = lineOf(lines, 900);
            String line = lines.get(at);
            int brace = line.indexOf("}", line.indexOf("\"actor\":"));
            assertThat(brace).isPositive();
            lines.set(at, line.substring(0, brace + 1));
            lines.add(at + 1, line.substring(brace + 1));
        });
        ExportVerifier.Result result = verify(split);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("cannot be read");
    }

    @Test
    void entriesNotOneToALineFromTheFirstOnAreReadTheExactWay() throws IOException {
        byte[] doc = export(ALL);
        byte[] firstTwoJoined = editLines(doc, lines -> lines.set(1, lines.get(1) + lines.remove(2)));
        ExportVerifier.Result result = verify(firstTwoJoined);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(ENTRIES);
        byte[] edited = editLines(firstTwoJoined, lines -> lines.set(lineOf(lines, 5), lines.get(lineOf(lines, 5)) + lines.remove(lineOf(lines, 4))));
        assertThat(verify(edited).ok()).isTrue();
    }
}
