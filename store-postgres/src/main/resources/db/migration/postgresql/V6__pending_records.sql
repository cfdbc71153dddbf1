-- The entries recording erasures and prunes, written in the change's own transaction and deleted once the entry is in
-- the log (core's PendingRecords): a crash between the change and its record no longer loses the record.
CREATE TABLE pending_records (
  key        text PRIMARY KEY,
  tenant     text NOT NULL,
  event      text NOT NULL,
  created_ms bigint NOT NULL
);
