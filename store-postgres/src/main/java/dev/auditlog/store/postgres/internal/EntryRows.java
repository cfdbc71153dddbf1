package dev.auditlog.store.postgres.internal;

import static dev.auditlog.core.store.EntryColumns.concernIds;
import static dev.auditlog.core.store.EntryColumns.concerns;
import static dev.auditlog.core.store.EntryColumns.concernsJson;
import static dev.auditlog.core.store.EntryColumns.json;
import static dev.auditlog.core.store.EntryColumns.parse;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Maps an {@link Entry} to a row of the {@code entries} table and back, in {@link #COLUMNS} order. Rows go in
 * with COPY's text format rather than INSERT: the server parses no statement per row.
 */
final class EntryRows {
    static final String COLUMNS = "tenant, seq, id, recorded_ms, occurred_ms, action, event, channel, status, "
            + "actor_type, actor_id, actor_name, actor_email, target_type, target_id, target_name, target_url, "
            + "concerns, concern_ids, ip, user_agent, description, changes, metadata, idempotency_key, "
            + "salt, personal_commitment, leaf_hash, leaf_version";
    private static final HexFormat HEX = HexFormat.of();

    private EntryRows() {
    }

    static final String COPY = "COPY entries (" + COLUMNS + ") FROM STDIN (FORMAT text)";

    /**
     * The part of an entry's {@link #COPY} line that does not depend on its place in the log: every column from
     * {@code occurred_ms} to {@code personal_commitment}, tab-separated. Callers build it on their own threads.
     */
    static String placeIndependentColumns(Event ev, byte[] salt) {
        Actor actor = ev.actor();
        Target target = ev.target();
        StringBuilder out = new StringBuilder(512);
        if (ev.occurredAt() == null) out.append("\\N"); else out.append(ev.occurredAt().toEpochMilli());
        for (String v : new String[] {ev.action(), ev.event().wire(), ev.channel(), ev.status(),
                actor == null ? null : actor.type(), actor == null ? null : actor.id(),
                actor == null ? null : actor.name(), actor == null ? null : actor.email(),
                target == null ? null : target.type(), target == null ? null : target.id(),
                target == null ? null : target.name(), target == null ? null : target.url(),
                concernsJson(ev.concerns()), concernIds(ev.concerns()), ev.ip(), ev.userAgent(), ev.description(),
                json(ev.changes()), json(ev.metadata()), ev.idempotencyKey()}) {
            out.append('\t');
            text(out, v);
        }
        out.append('\t');
        bytes(out, salt);
        out.append('\t');
        bytes(out, null); // personal_commitment: only an erasure stores it
        return out.toString();
    }

    /** Appends the entry as one line of {@link #COPY}'s text format, around its place-independent columns. */
    static void copyLine(StringBuilder out, Entry e, String placeIndependentColumns) {
        text(out, e.tenant());
        out.append('\t').append(e.seq());
        out.append('\t').append(e.id());
        out.append('\t').append(e.recordedAt().toEpochMilli());
        out.append('\t').append(placeIndependentColumns);
        out.append('\t');
        bytes(out, e.leafHash());
        out.append('\t').append(e.leafVersion());
        out.append('\n');
    }

    private static void bytes(StringBuilder out, byte[] b) {
        if (b == null) out.append("\\N"); else out.append("\\\\x").append(HEX.formatHex(b));
    }

    private static void text(StringBuilder out, String v) {
        if (v == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
    }

    /**
     * An erased entry as one line of COPY's text format for {@link ErasedRows}' table: its place, then its
     * personal columns in {@link ErasedRows#PERSONAL_COLUMNS} order, then its commitment.
     */
    static void erasedLine(StringBuilder out, Entry e) {
        Event ev = e.event();
        Actor actor = ev.actor();
        Target target = ev.target();
        out.append(e.seq()).append('\t').append(e.recordedAt().toEpochMilli());
        for (String v : new String[] {actor == null ? null : actor.name(), actor == null ? null : actor.email(),
                target == null ? null : target.name(), target == null ? null : target.url(), concernsJson(ev.concerns()),
                ev.ip(), ev.userAgent(), ev.description(), json(ev.changes()), json(ev.metadata()), ev.idempotencyKey()}) {
            out.append('\t');
            text(out, v);
        }
        out.append('\t');
        bytes(out, e.personalCommitment());
        out.append('\n');
    }

    static Entry read(ResultSet rs) throws SQLException {
        String actorType = rs.getString("actor_type");
        String actorId = rs.getString("actor_id");
        String actorName = rs.getString("actor_name");
        String actorEmail = rs.getString("actor_email");
        Actor actor = actorType == null && actorId == null && actorName == null && actorEmail == null
                ? null : new Actor(actorType, actorId, actorName, actorEmail);
        String targetType = rs.getString("target_type");
        String targetId = rs.getString("target_id");
        String targetName = rs.getString("target_name");
        String targetUrl = rs.getString("target_url");
        Target target = targetType == null && targetId == null && targetName == null && targetUrl == null
                ? null : new Target(targetType, targetId, targetName, targetUrl);
        long occurred = rs.getLong("occurred_ms");
        Instant occurredAt = rs.wasNull() ? null : Instant.ofEpochMilli(occurred);
        Event event = new Event(rs.getString("action"), EventType.fromWire(rs.getString("event")).orElseThrow(),
                rs.getString("channel"), rs.getString("description"), occurredAt, actor, target,
                concerns(rs.getString("concerns")), rs.getString("ip"), rs.getString("user_agent"),
                rs.getString("status"), parse(rs.getString("changes")), parse(rs.getString("metadata")),
                rs.getString("idempotency_key"));
        return new Entry(rs.getString("tenant"), rs.getString("id"), rs.getLong("seq"),
                Instant.ofEpochMilli(rs.getLong("recorded_ms")), event, rs.getBytes("salt"),
                rs.getBytes("personal_commitment"), rs.getBytes("leaf_hash"), rs.getInt("leaf_version"));
    }
}
