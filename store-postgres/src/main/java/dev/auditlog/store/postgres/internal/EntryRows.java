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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/** Maps an {@link Entry} to a row of the {@code entries} table and back, in {@link #COLUMNS} order. */
final class EntryRows {
    static final String COLUMNS = "tenant, seq, id, recorded_ms, occurred_ms, action, event, channel, status, "
            + "actor_type, actor_id, actor_name, actor_email, target_type, target_id, target_name, target_url, "
            + "concerns, concern_ids, ip, user_agent, description, changes, metadata, idempotency_key, "
            + "salt, personal_commitment, leaf_hash";
    static final String INSERT = "INSERT INTO entries (" + COLUMNS + ") VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private EntryRows() {
    }

    /** Binds the entry to an {@link #INSERT} statement and adds it to the batch. */
    static void addBatch(PreparedStatement st, Entry e) throws SQLException {
        Event ev = e.event();
        Actor actor = ev.actor();
        Target target = ev.target();
        int i = 1;
        st.setString(i++, e.tenant());
        st.setLong(i++, e.seq());
        st.setObject(i++, UUID.fromString(e.id()));
        st.setLong(i++, e.recordedAt().toEpochMilli());
        if (ev.occurredAt() == null) st.setNull(i++, Types.BIGINT); else st.setLong(i++, ev.occurredAt().toEpochMilli());
        st.setString(i++, ev.action());
        st.setString(i++, ev.event().wire());
        st.setString(i++, ev.channel());
        st.setString(i++, ev.status());
        st.setString(i++, actor == null ? null : actor.type());
        st.setString(i++, actor == null ? null : actor.id());
        st.setString(i++, actor == null ? null : actor.name());
        st.setString(i++, actor == null ? null : actor.email());
        st.setString(i++, target == null ? null : target.type());
        st.setString(i++, target == null ? null : target.id());
        st.setString(i++, target == null ? null : target.name());
        st.setString(i++, target == null ? null : target.url());
        st.setString(i++, concernsJson(ev.concerns()));
        st.setString(i++, concernIds(ev.concerns()));
        st.setString(i++, ev.ip());
        st.setString(i++, ev.userAgent());
        st.setString(i++, ev.description());
        st.setString(i++, json(ev.changes()));
        st.setString(i++, json(ev.metadata()));
        st.setString(i++, ev.idempotencyKey());
        st.setBytes(i++, e.salt());
        st.setBytes(i++, e.personalCommitment());
        st.setBytes(i, e.leafHash());
        st.addBatch();
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
                rs.getBytes("personal_commitment"), rs.getBytes("leaf_hash"));
    }
}
