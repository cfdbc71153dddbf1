package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.export.JsonExport;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.Handoff;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/tenants/{t}/export}: every matching entry of a snapshot (the checkpoint at the start),
 * streamed as CSV or as the verifiable JSON document.
 *
 * <p>The {@code export.downloaded} entry is appended before the first byte is sent, after the snapshot is
 * taken: an export a client abandons halfway still disclosed data and is recorded, and the export itself
 * does not contain its own record. The web page's export goes through {@link #stream} with the signed-in
 * user as the caller, so the record names that user.
 */
public final class ExportApi {
    private static final Logger LOG = LoggerFactory.getLogger(ExportApi.class);
    /** The query's filters and {@code format}: each may be given once. */
    private static final Set<String> PARAMETERS = Stream.concat(QueryParameters.FILTERS.stream(), Stream.of("format"))
            .collect(Collectors.toUnmodifiableSet());
    /** The query's parameters that page it: an export refuses them, since it is not paged (CONTRACT §4). */
    private static final List<String> PAGING = QueryParameters.NAMES.stream().filter(name -> !PARAMETERS.contains(name)).sorted().toList();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final LogStore store;
    private final Access access;
    private final ServerEntries entries;
    private final Clock clock;

    ExportApi(LogStore store, Access access, ServerEntries entries, Clock clock) {
        this.store = store;
        this.access = access;
        this.entries = entries;
        this.clock = clock;
    }

    void export(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        stream(req, res, tenant, access.require(req, tenant, Scope.READ));
    }

    /** Streams the export the query string asks for; the caller has been allowed to read the tenant. */
    public void stream(ServerRequest req, ServerResponse res, String tenant, Caller caller) {
        for (String name : PAGING) {
            if (req.query().contains(name)) {
                throw ApiProblem.invalid("/query/" + name, name + " belongs to the paged query; an export is not paged: it streams"
                        + " every entry matching the filters");
            }
        }
        Map<String, String> params = Requests.query(req, PARAMETERS);
        String format = params.getOrDefault("format", "csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw ApiProblem.invalid("/query/format", "format must be csv or json");
        }
        // One instant for the query and the export's exported_at: a period (today, this_month) is read as of then, and
        // the offline verifier, which holds each entry to the filters, reads it as of exported_at.
        Instant now = clock.instant();
        EntryQuery query = new QueryParameters(Clock.fixed(now, ZoneOffset.UTC)).parse(params);
        Map<String, String> filters = QueryParameters.filtersOf(params);
        // A store that cannot be read now would fail the export after its record: refuse it first, unrecorded.
        store.problem().ifPresent(problem -> {
            throw new StoreException(problem, null);
        });
        Checkpoint snapshot = store.checkpoint(tenant);
        recordDownload(tenant, caller, format, filters);

        res.header(HeaderNames.CONTENT_TYPE, format.equals("csv") ? "text/csv; charset=utf-8" : Json.MEDIA_TYPE);
        res.header(HeaderNames.CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log-" + FILE_TIME.format(now) + "." + format + "\"");
        try (OutputStream out = res.outputStream()) {
            if (format.equals("csv")) {
                store.exportCsv(tenant, query, snapshot.size(), out);
            } else {
                JsonExport.write(out, tenant, filters, snapshot, now, sink -> store.scan(tenant, query, snapshot.size(), sink),
                        store.nodes(tenant), text -> store.signNote(tenant, text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // Once its first bytes are sent, the connection is cut, so the client sees a broken download, never a short
            // one that looks whole. Helidon's own warning then says only that; this says why, at a level that says whose
            // doing it was: clients that go away or stop reading are routine, and any read key can make them.
            if (e instanceof Handoff.StalledConsumerException) {
                LOG.info("an export of tenant {} ({}) was cut off: its client read nothing for {} s", tenant, format,
                        Handoff.STALL_LIMIT.toSeconds());
            } else if (clientWentAway(e)) {
                LOG.debug("the client of an export of tenant {} ({}) went away: {}", tenant, format, e.toString());
            } else {
                LOG.error("an export of tenant {} ({}) failed: {}", tenant, format, e.toString());
            }
            throw e;
        }
    }

    /** Whether writing to the client failed (Helidon's ServerConnectionException, or an I/O failure underneath). */
    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerConnectionException || t instanceof IOException) return true;
        }
        return false;
    }

    private void recordDownload(String tenant, Caller caller, String format, Map<String, String> filters) {
        ObjectNode metadata = Json.object().put("format", format);
        ObjectNode f = metadata.putObject("filters");
        filters.forEach(f::put);
        entries.record(tenant, caller, "audit", "export.downloaded", EventType.READ, "Audit log export downloaded",
                null, null, metadata);
    }
}
