-- Leaf encoding version 2 (docs/LEAF-ENCODING.md): the target's URL and the idempotency key are personal fields,
-- hashed through the salted commitment, so that an erasure can remove an e-mail address a client put there.
-- Each entry keeps the version it was appended with: the rows already here are version 1, for good (re-encoding
-- them would change their leaf hashes). No default from now on: every append names its version.
ALTER TABLE entries ADD COLUMN leaf_version smallint NOT NULL DEFAULT 1;
ALTER TABLE entries ALTER COLUMN leaf_version DROP DEFAULT;

-- As in V2, with target_url and idempotency_key among what an erasure may change in an entry of version 2, and
-- leaf_version among what it may not.
CREATE OR REPLACE FUNCTION auditlog_entries_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND coalesce(current_setting('auditlog.erase', true), '') = 'on' THEN
    IF NEW.personal_commitment IS NOT NULL AND NEW.salt IS NULL
       AND (OLD.personal_commitment IS NULL OR OLD.personal_commitment = NEW.personal_commitment)
       AND (NEW.tenant, NEW.seq, NEW.id, NEW.recorded_ms, NEW.occurred_ms, NEW.action, NEW.event, NEW.channel,
            NEW.status, NEW.actor_type, NEW.actor_id, NEW.target_type, NEW.target_id, NEW.concern_ids,
            NEW.leaf_hash, NEW.leaf_version)
           IS NOT DISTINCT FROM
           (OLD.tenant, OLD.seq, OLD.id, OLD.recorded_ms, OLD.occurred_ms, OLD.action, OLD.event, OLD.channel,
            OLD.status, OLD.actor_type, OLD.actor_id, OLD.target_type, OLD.target_id, OLD.concern_ids,
            OLD.leaf_hash, OLD.leaf_version)
       AND (OLD.leaf_version >= 2
            OR (NEW.target_url, NEW.idempotency_key) IS NOT DISTINCT FROM (OLD.target_url, OLD.idempotency_key)) THEN
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
