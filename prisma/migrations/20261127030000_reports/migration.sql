-- Monthly reports: versions and their lifecycle, section commentary, event tables,
-- recommendations and the customer's responses, frozen snapshots of published versions, the
-- threat knowledge base with its history, uploaded images, and the branding settings.

-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "document_number" TEXT NOT NULL,
    "issued_on" DATE,
    "created_by" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_by" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "published_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "reports_status_check" CHECK ("status" IN ('draft', 'review', 'published', 'superseded')),
    CONSTRAINT "reports_month_check" CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    CONSTRAINT "reports_version_check" CHECK ("version" >= 1)
);

-- CreateTable
CREATE TABLE "report_sections" (
    "report_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_sections_pkey" PRIMARY KEY ("report_id","key")
);

-- CreateTable
CREATE TABLE "report_event_tables" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "section_key" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "title" TEXT NOT NULL DEFAULT '',
    "filter" JSONB NOT NULL,
    "rows" JSONB NOT NULL,
    "matched" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_event_tables_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_recommendations" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "section_key" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "body" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_recommendations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_recommendation_responses" (
    "recommendation_id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "answer" TEXT NOT NULL DEFAULT '',
    "responded_by_id" UUID,
    "responded_by" TEXT NOT NULL,
    "responded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_recommendation_responses_pkey" PRIMARY KEY ("recommendation_id"),
    CONSTRAINT "report_recommendation_responses_status_check" CHECK ("status" IN ('checked', 'answered'))
);

-- CreateTable
CREATE TABLE "report_snapshots" (
    "report_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "data" JSONB NOT NULL,
    "document" JSONB NOT NULL,
    "pdf" BYTEA NOT NULL,
    "pdf_sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_snapshots_pkey" PRIMARY KEY ("report_id")
);

-- CreateTable
CREATE TABLE "threat_knowledge" (
    "threat_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "threat_knowledge_pkey" PRIMARY KEY ("threat_id")
);

-- CreateTable
CREATE TABLE "threat_knowledge_revisions" (
    "threat_id" BIGINT NOT NULL,
    "revision" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "edited_by" TEXT NOT NULL,
    "edited_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "threat_knowledge_revisions_pkey" PRIMARY KEY ("threat_id","revision")
);

-- CreateTable
CREATE TABLE "stored_images" (
    "id" UUID NOT NULL,
    "customer_id" UUID,
    "kind" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "uploaded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_images_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "stored_images_kind_check" CHECK ("kind" IN ('network_diagram', 'logo')),
    CONSTRAINT "stored_images_content_type_check" CHECK ("content_type" IN ('image/png', 'image/jpeg', 'image/svg+xml'))
);

-- CreateTable
CREATE TABLE "branding_settings" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "provider_name" TEXT NOT NULL,
    "report_title" TEXT NOT NULL,
    "logo_image_id" UUID,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "branding_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reports_status_month_idx" ON "reports"("status", "month");

-- CreateIndex
CREATE UNIQUE INDEX "reports_customer_id_month_version_key" ON "reports"("customer_id", "month", "version");

-- CreateIndex
CREATE UNIQUE INDEX "reports_document_number_key" ON "reports"("document_number");

-- CreateIndex
CREATE INDEX "report_event_tables_report_id_section_key_position_idx" ON "report_event_tables"("report_id", "section_key", "position");

-- CreateIndex
CREATE INDEX "report_recommendations_report_id_section_key_position_idx" ON "report_recommendations"("report_id", "section_key", "position");

-- CreateIndex
CREATE INDEX "report_recommendation_responses_report_id_idx" ON "report_recommendation_responses"("report_id");

-- CreateIndex
CREATE INDEX "stored_images_customer_id_kind_created_at_idx" ON "stored_images"("customer_id", "kind", "created_at");

-- AddForeignKey
ALTER TABLE "report_sections" ADD CONSTRAINT "report_sections_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_event_tables" ADD CONSTRAINT "report_event_tables_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_recommendations" ADD CONSTRAINT "report_recommendations_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_recommendation_responses" ADD CONSTRAINT "report_recommendation_responses_recommendation_id_fkey" FOREIGN KEY ("recommendation_id") REFERENCES "report_recommendations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_snapshots" ADD CONSTRAINT "report_snapshots_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threat_knowledge_revisions" ADD CONSTRAINT "threat_knowledge_revisions_threat_id_fkey" FOREIGN KEY ("threat_id") REFERENCES "threat_knowledge"("threat_id") ON DELETE CASCADE ON UPDATE CASCADE;
