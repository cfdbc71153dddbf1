-- Auditlog PostgreSQL schema. Entries are append-only and range-partitioned by recorded time (one
-- partition a month, created ahead by the store) so that a retention prune can drop whole partitions.

CREATE TABLE tenants (
  id         text PRIMARY KEY,
  name       text,
  created_ms bigint NOT NULL
);

CREATE TABLE entries (
  tenant text NOT NULL, seq bigint NOT NULL, id uuid NOT NULL,
  recorded_ms bigint NOT NULL, occurred_ms bigint,
  action text NOT NULL, event text NOT NULL, channel text NOT NULL, status text NOT NULL,
  actor_type text, actor_id text, actor_name text, actor_email text,
  target_type text, target_id text, target_name text, target_url text,
  concerns text, concern_ids text,
  ip text, user_agent text, description text, changes text, metadata text,
  idempotency_key text,
  salt bytea NOT NULL, personal_commitment bytea, leaf_hash bytea NOT NULL
) PARTITION BY RANGE (recorded_ms);

-- Uniqueness of (tenant, seq) cannot be a constraint across partitions; the per-tenant advisory lock
-- that sequences every batch guarantees it, and verify() would name a duplicate.
-- Paging, scans, verify and leaf reads walk (tenant, seq); lookups by id and from/to use recorded_ms.
CREATE INDEX entries_tenant_seq ON entries (tenant, seq);
CREATE INDEX entries_tenant_recorded ON entries (tenant, recorded_ms);
CREATE INDEX entries_tenant_actor ON entries (tenant, actor_id, seq);
CREATE INDEX entries_tenant_target ON entries (tenant, target_id, seq);
CREATE INDEX entries_tenant_idempotency ON entries (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE tiles (
  tenant text NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL,
  PRIMARY KEY (tenant, idx)
);

CREATE TABLE checkpoints (
  tenant text NOT NULL, size bigint NOT NULL, root bytea NOT NULL,
  note text NOT NULL, public_key text NOT NULL, signed_ms bigint NOT NULL,
  frontier bytea NOT NULL,
  PRIMARY KEY (tenant, size)
);

CREATE TABLE api_keys (
  id text PRIMARY KEY, tenant text NOT NULL, name text NOT NULL, scopes text NOT NULL,
  secret_hash bytea NOT NULL, created_ms bigint NOT NULL, revoked_ms bigint
);
CREATE INDEX api_keys_tenant ON api_keys (tenant, created_ms, id);

-- Nothing edits or deletes log data. The one future exception, the retention prune, will set
-- auditlog.prune = on in its own transaction (SET LOCAL); nothing sets it today.
CREATE FUNCTION auditlog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('auditlog.prune', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'auditlog: % on % is not allowed, the log is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER tiles_append_only BEFORE UPDATE OR DELETE ON tiles
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();

CREATE FUNCTION auditlog_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'auditlog: TRUNCATE of % is not allowed, the log is append-only', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate();
CREATE TRIGGER tiles_no_truncate BEFORE TRUNCATE ON tiles
  FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate();

-- Substring search (q) uses a trigram index when pg_trgm can be installed; without it the filter
-- still works, by scanning the tenant's entries newest first.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX entries_description_trgm ON entries USING gin (lower(description) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable (%): substring search will scan', SQLERRM;
END $$;
