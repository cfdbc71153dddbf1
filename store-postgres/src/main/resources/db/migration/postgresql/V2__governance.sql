-- Governance (CONTRACT §5): per-tenant settings, and GDPR erasure of entries' personal fields.

-- Settings are not log data: a tenant's row is replaced on every change (the change itself is an entry).
CREATE TABLE settings (
  tenant text PRIMARY KEY,
  doc    text NOT NULL
);

-- An erased entry keeps the commitment to its original personal fields instead of its salt.
ALTER TABLE entries ALTER COLUMN salt DROP NOT NULL;

-- The erasure is the one sanctioned UPDATE of entries. It sets auditlog.erase = on in its own transaction
-- (SET LOCAL) and may then change only the personal columns, and must leave a commitment in place of the
-- salt; every column the leaf hash covers directly (seq, ids, types, times, leaf_hash, ...) must stay as it
-- was. Any other UPDATE, DELETE outside the prune, or TRUNCATE is still refused.
CREATE FUNCTION auditlog_entries_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND coalesce(current_setting('auditlog.erase', true), '') = 'on' THEN
    IF NEW.personal_commitment IS NOT NULL AND NEW.salt IS NULL
       AND (OLD.personal_commitment IS NULL OR OLD.personal_commitment = NEW.personal_commitment)
       AND (NEW.tenant, NEW.seq, NEW.id, NEW.recorded_ms, NEW.occurred_ms, NEW.action, NEW.event, NEW.channel,
            NEW.status, NEW.actor_type, NEW.actor_id, NEW.target_type, NEW.target_id, NEW.target_url,
            NEW.concern_ids, NEW.idempotency_key, NEW.leaf_hash)
           IS NOT DISTINCT FROM
           (OLD.tenant, OLD.seq, OLD.id, OLD.recorded_ms, OLD.occurred_ms, OLD.action, OLD.event, OLD.channel,
            OLD.status, OLD.actor_type, OLD.actor_id, OLD.target_type, OLD.target_id, OLD.target_url,
            OLD.concern_ids, OLD.idempotency_key, OLD.leaf_hash) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'auditlog: an erasure may change only the personal columns of an entry'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' AND coalesce(current_setting('auditlog.prune', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'auditlog: % on % is not allowed, the log is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER entries_append_only ON entries;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION auditlog_entries_change();

-- Retention: the leaf hashes of entries a prune removed. Proofs across the prune still need them; they
-- reveal nothing of the entries (each covers a salted commitment). Append-only like the log.
CREATE TABLE pruned_leaves (
  tenant text NOT NULL, seq bigint NOT NULL, leaf_hash bytea NOT NULL,
  PRIMARY KEY (tenant, seq)
);
CREATE TRIGGER pruned_leaves_append_only BEFORE UPDATE OR DELETE ON pruned_leaves
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER pruned_leaves_no_truncate BEFORE TRUNCATE ON pruned_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate();
