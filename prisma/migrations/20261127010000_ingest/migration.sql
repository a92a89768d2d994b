-- Ingest: files, rejected lines, normalised events (partitioned by month), raw other logs, rollups.

-- CreateTable
CREATE TABLE "ingest_files" (
    "id" BIGSERIAL NOT NULL,
    "customer_id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "lines_committed" BIGINT NOT NULL DEFAULT 0,
    "accepted" BIGINT NOT NULL DEFAULT 0,
    "rejected" BIGINT NOT NULL DEFAULT 0,
    "other" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_rejects" (
    "id" BIGSERIAL NOT NULL,
    "file_id" BIGINT NOT NULL,
    "customer_id" UUID NOT NULL,
    "line_no" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL,

    CONSTRAINT "ingest_rejects_pkey" PRIMARY KEY ("id")
);

-- CreateTable (partitioned: one partition per month of "time", created by ingest on demand;
-- no primary key on purpose, see schema.prisma)
CREATE TABLE "events" (
    "customer_id" UUID NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "file_id" BIGINT NOT NULL,
    "line_no" BIGINT NOT NULL,
    "device_id" UUID NOT NULL,
    "log_type" TEXT NOT NULL,
    "subtype" TEXT NOT NULL,
    "fn" TEXT,
    "action" TEXT NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "is_session" BOOLEAN NOT NULL,
    "repeat_count" INTEGER NOT NULL DEFAULT 1,
    "src_ip" INET,
    "dst_ip" INET,
    "src_port" INTEGER,
    "dst_port" INTEGER,
    "protocol" TEXT,
    "app" TEXT,
    "rule" TEXT,
    "src_zone" TEXT,
    "dst_zone" TEXT,
    "src_user" TEXT,
    "dst_user" TEXT,
    "direction" TEXT,
    "url" TEXT,
    "category" TEXT,
    "threat_id" BIGINT,
    "threat_name" TEXT,
    "severity" TEXT,
    "bytes" BIGINT,
    "packets" BIGINT,
    "src_country" TEXT,
    "dst_country" TEXT,
    "src_org" TEXT,
    "dst_org" TEXT
) PARTITION BY RANGE ("time");

-- CreateIndex
CREATE INDEX "events_customer_id_time_idx" ON "events" USING BRIN ("customer_id", "time");

-- CreateTable
CREATE TABLE "ingest_chunks" (
    "file_id" BIGINT NOT NULL,
    "first_line" BIGINT NOT NULL,
    "last_line" BIGINT NOT NULL,
    "customer_id" UUID NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ingest_chunks_pkey" PRIMARY KEY ("file_id","first_line")
);
-- Already brotli-compressed: do not let TOAST try again.
ALTER TABLE "ingest_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;

-- CreateTable
CREATE TABLE "raw_logs" (
    "file_id" BIGINT NOT NULL,
    "line_no" BIGINT NOT NULL,
    "customer_id" UUID NOT NULL,
    "device_id" UUID,
    "log_type" TEXT NOT NULL,
    "time" TIMESTAMPTZ(3),
    "raw" TEXT NOT NULL,

    CONSTRAINT "raw_logs_pkey" PRIMARY KEY ("file_id","line_no")
);

-- CreateTable
CREATE TABLE "rollup_daily" (
    "customer_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "fn" TEXT NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "device_id" UUID NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_daily_pkey" PRIMARY KEY ("customer_id","day","fn","allowed","device_id")
);

-- CreateTable
CREATE TABLE "rollup_monthly" (
    "customer_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_monthly_pkey" PRIMARY KEY ("customer_id","month","dimension","key")
);

-- CreateIndex
CREATE INDEX "ingest_files_customer_id_started_at_idx" ON "ingest_files"("customer_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "ingest_files_customer_id_sha256_key" ON "ingest_files"("customer_id", "sha256");

-- CreateIndex
CREATE INDEX "ingest_rejects_file_id_line_no_idx" ON "ingest_rejects"("file_id", "line_no");

-- CreateIndex
CREATE INDEX "ingest_rejects_customer_id_idx" ON "ingest_rejects"("customer_id");

-- CreateIndex
CREATE INDEX "raw_logs_customer_id_log_type_idx" ON "raw_logs"("customer_id", "log_type");

-- CreateIndex
CREATE INDEX "rollup_monthly_customer_id_month_dimension_count_idx" ON "rollup_monthly"("customer_id", "month", "dimension", "count" DESC);
