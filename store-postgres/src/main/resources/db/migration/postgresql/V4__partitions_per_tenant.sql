-- Entries are partitioned first by tenant, then by month of recorded time, so that a tenant's retention
-- prune drops that tenant's whole past months (DROP TABLE: no row-by-row DELETE, no dead tuples for
-- VACUUM) and deletes rows only in the one month its cutoff falls in. Until now the monthly partitions were
-- shared by every tenant, and as retention is set per tenant no month could ever be dropped.
--
-- Cost: a tenant has one table per month it wrote in (plus its indexes). That suits hundreds to a few
-- thousand tenants; beyond that, group small tenants (docs/ARCHITECTURE.md).
--
-- Every index leaves out the tenant column: each partition holds one tenant.

ALTER TABLE tenants ADD COLUMN num integer GENERATED ALWAYS AS IDENTITY;
ALTER TABLE tenants ADD CONSTRAINT tenants_num_key UNIQUE (num);

ALTER TABLE entries RENAME TO entries_before_v4;
DROP INDEX IF EXISTS entries_description_trgm;

CREATE TABLE entries (
  tenant text COLLATE "C" NOT NULL, seq bigint NOT NULL, id uuid NOT NULL,
  recorded_ms bigint NOT NULL, occurred_ms bigint,
  action text NOT NULL, event text NOT NULL, channel text NOT NULL, status text NOT NULL,
  actor_type text, actor_id text COLLATE "C", actor_name text, actor_email text,
  target_type text, target_id text COLLATE "C", target_name text, target_url text,
  concerns text, concern_ids text,
  ip text, user_agent text, description text, changes text, metadata text,
  idempotency_key text COLLATE "C",
  salt bytea, personal_commitment bytea, leaf_hash bytea NOT NULL
) PARTITION BY LIST (tenant);

-- Creates, unless they exist, the tenant's partition (entries_t<num>) and in it the partition of the UTC
-- month holding p_ms (entries_t<num>_yYYYYmMM). Several servers may call it at once: a database-wide
-- advisory lock, held to the end of the caller's transaction, takes them one at a time. A TRUNCATE trigger
-- on the parent does not fire for a partition truncated by name, so each partition gets its own.
CREATE FUNCTION auditlog_ensure_partition(p_tenant text, p_ms bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  month_start timestamp := date_trunc('month', to_timestamp(p_ms / 1000.0) AT TIME ZONE 'UTC');
  tenant_table text;
  month_table text;
BEGIN
  SELECT num INTO STRICT n FROM tenants WHERE id = p_tenant;
  tenant_table := 'entries_t' || n;
  month_table := tenant_table || to_char(month_start, '"_y"YYYY"m"MM');
  PERFORM pg_advisory_xact_lock(7022629598041763687); -- "auditlog" in ASCII
  IF to_regclass(quote_ident(tenant_table)) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF entries FOR VALUES IN (%L) PARTITION BY RANGE (recorded_ms)',
                   tenant_table, p_tenant);
    EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate()', tenant_table);
  END IF;
  IF to_regclass(quote_ident(month_table)) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', month_table, tenant_table,
                   (extract(epoch FROM month_start AT TIME ZONE 'UTC') * 1000)::bigint,
                   (extract(epoch FROM (month_start + interval '1 month') AT TIME ZONE 'UTC') * 1000)::bigint);
    EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate()', month_table);
  END IF;
END $$;

-- Drops the tenant's month partitions that end at or before p_before, answering how many it dropped. Only a
-- prune may (it sets auditlog.prune = on in its transaction), and it first keeps their leaf hashes.
CREATE FUNCTION auditlog_drop_partitions_before(p_tenant text, p_before bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  part record;
  dropped integer := 0;
BEGIN
  IF coalesce(current_setting('auditlog.prune', true), '') <> 'on' THEN
    RAISE EXCEPTION 'auditlog: dropping partitions of entries is not allowed outside a prune, the log is append-only'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT num INTO STRICT n FROM tenants WHERE id = p_tenant;
  FOR part IN
    SELECT c.oid::regclass AS rel,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''?(-?[0-9]+)''?\)')::bigint AS upper_ms
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = to_regclass(quote_ident('entries_t' || n))
  LOOP
    IF part.upper_ms <= p_before THEN
      EXECUTE format('DROP TABLE %s', part.rel);
      dropped := dropped + 1;
    END IF;
  END LOOP;
  RETURN dropped;
END $$;

SELECT auditlog_ensure_partition(id, created_ms) FROM tenants;
SELECT auditlog_ensure_partition(tenant, min(recorded_ms)) FROM entries_before_v4
  GROUP BY tenant, date_trunc('month', to_timestamp(recorded_ms / 1000.0) AT TIME ZONE 'UTC');
INSERT INTO entries SELECT * FROM entries_before_v4;
DROP TABLE entries_before_v4;

-- Paging, scans, verify and leaf reads walk seq; lookups by id and from/to use recorded_ms.
CREATE INDEX entries_seq ON entries (seq);
CREATE INDEX entries_recorded ON entries (recorded_ms);
CREATE INDEX entries_actor ON entries (actor_id, seq);
CREATE INDEX entries_target ON entries (target_id, seq);
CREATE INDEX entries_idempotency ON entries (idempotency_key) WHERE idempotency_key IS NOT NULL;
DO $$
BEGIN
  CREATE INDEX entries_description_trgm ON entries USING gin (lower(description) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable (%): substring search will scan', SQLERRM;
END $$;

CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION auditlog_entries_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_truncate();
