-- Retention of original lines: each chunk remembers the time of its newest event, and retention
-- deletes a chunk once that time is older than every log kind's retention (its rejected lines go
-- with the file's last chunk). Existing chunks take their file's ingest time, which is never
-- earlier than the logs in it, so they are kept at least as long as they would have been.

-- AlterTable
ALTER TABLE "ingest_chunks" ADD COLUMN "last_time" TIMESTAMPTZ(3);
UPDATE "ingest_chunks" c SET "last_time" = COALESCE(f."finished_at", f."updated_at", f."started_at")
  FROM "ingest_files" f WHERE f."id" = c."file_id";
UPDATE "ingest_chunks" SET "last_time" = CURRENT_TIMESTAMP WHERE "last_time" IS NULL;
ALTER TABLE "ingest_chunks" ALTER COLUMN "last_time" SET NOT NULL;

-- CreateIndex
CREATE INDEX "ingest_chunks_last_time_idx" ON "ingest_chunks"("last_time");
