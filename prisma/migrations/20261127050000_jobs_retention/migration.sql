-- Jobs and retention: ingest jobs (upload or CLI, run by `soc worker`) and events partitioned
-- by month, then by log kind, so retention drops whole partitions per kind.

-- CreateTable
CREATE TABLE "ingest_jobs" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" UUID NOT NULL,
    "queue_job_id" UUID,
    "source" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "lines" BIGINT NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,
    "other" BIGINT NOT NULL DEFAULT 0,
    "skipped" BOOLEAN NOT NULL DEFAULT false,
    "file_id" BIGINT,
    "error" TEXT,
    "worker" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ingest_jobs_created_at_idx" ON "ingest_jobs"("created_at");

-- CreateIndex
CREATE INDEX "ingest_jobs_customer_id_created_at_idx" ON "ingest_jobs"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "ingest_jobs_status_heartbeat_at_idx" ON "ingest_jobs"("status", "heartbeat_at");

-- Raw other logs (SYSTEM, CONFIG…) are deleted by time by retention.
CREATE INDEX "raw_logs_time_idx" ON "raw_logs"("time");

-- Each month partition of events becomes a partitioned table by log kind:
-- events_p202112 → events_p202112_traffic (TRAFFIC), _threat (THREAT), _other (DEFAULT).
-- Existing months are rebuilt in place (rows copied once).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'events' AND c.relkind = 'r'
  LOOP
    EXECUTE format('ALTER TABLE events DETACH PARTITION %I', r.name);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', r.name, r.name || '_premigration');
    EXECUTE format('CREATE TABLE %I PARTITION OF events %s PARTITION BY LIST (log_type)', r.name, r.bound);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (''TRAFFIC'')', r.name || '_traffic', r.name);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (''THREAT'')', r.name || '_threat', r.name);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', r.name || '_other', r.name);
    EXECUTE format('INSERT INTO events SELECT * FROM %I', r.name || '_premigration');
    EXECUTE format('DROP TABLE %I', r.name || '_premigration');
  END LOOP;
END $$;
