-- The text columns the entry indexes are keyed on compare byte by byte (collation "C"). Under the
-- database's linguistic collation (en_US.UTF-8, and even C.UTF-8) every comparison inside those indexes
-- went through strcoll(); equality filters only need bytes to match, and paging orders by seq, never by
-- these columns. Measured on durable COPY appends into a fresh database: 26.8k -> 28.2k events/s.
ALTER TABLE entries
  ALTER COLUMN tenant TYPE text COLLATE "C",
  ALTER COLUMN actor_id TYPE text COLLATE "C",
  ALTER COLUMN target_id TYPE text COLLATE "C",
  ALTER COLUMN idempotency_key TYPE text COLLATE "C";
