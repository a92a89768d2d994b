-- SOC operations: threat-intelligence lists, alert rules, alerts (raised by ingest), notes,
-- numbered notifications and their counters, inquiries, work items, service outages.

-- CreateTable
CREATE TABLE "threat_lists" (
    "id" UUID NOT NULL,
    "customer_id" UUID,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "threat_lists_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "threat_lists_kind_check" CHECK ("kind" IN ('ip', 'domain'))
);

-- CreateTable
CREATE TABLE "threat_list_entries" (
    "list_id" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "expires_at" TIMESTAMPTZ(3),
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "threat_list_entries_pkey" PRIMARY KEY ("list_id","value")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "key" TEXT,
    "customer_id" UUID,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "level" TEXT NOT NULL,
    "blocked_level" TEXT,
    "functions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subtypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "actions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "severities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "threat_ids" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "threat_name" TEXT NOT NULL DEFAULT '',
    "directions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "list_id" UUID,
    "list_field" TEXT,
    "window_minutes" INTEGER NOT NULL DEFAULT 60,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_rules_level_check" CHECK ("level" IN ('fatal', 'critical', 'minor', 'warning')),
    CONSTRAINT "alert_rules_blocked_level_check" CHECK ("blocked_level" IN ('fatal', 'critical', 'minor', 'warning')),
    CONSTRAINT "alert_rules_list_field_check" CHECK ("list_field" IN ('src', 'dst', 'either', 'domain')),
    CONSTRAINT "alert_rules_window_check" CHECK ("window_minutes" BETWEEN 1 AND 10080)
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "rule_id" UUID,
    "rule_name" TEXT NOT NULL,
    "fn" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "close_reason" TEXT,
    "device_id" UUID,
    "src_ip" TEXT,
    "dst_ip" TEXT,
    "direction" TEXT,
    "action" TEXT NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "url" TEXT,
    "category" TEXT,
    "threat_id" BIGINT,
    "threat_name" TEXT,
    "severity" TEXT,
    "event_name" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alerts_level_check" CHECK ("level" IN ('fatal', 'critical', 'minor', 'warning')),
    CONSTRAINT "alerts_status_check" CHECK ("status" IN ('new', 'investigating', 'notified', 'closed')),
    CONSTRAINT "alerts_close_reason_check" CHECK (("status" = 'closed') = ("close_reason" IS NOT NULL) AND "close_reason" IN ('false_positive', 'no_impact'))
);

-- CreateTable
CREATE TABLE "alert_events" (
    "alert_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "file_id" BIGINT NOT NULL,
    "line_no" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "action" TEXT NOT NULL,
    "src_ip" TEXT,
    "dst_ip" TEXT,
    "src_port" INTEGER,
    "dst_port" INTEGER,
    "app" TEXT,
    "url" TEXT,
    "category" TEXT,
    "threat_name" TEXT,
    "threat_id" BIGINT,
    "severity" TEXT,
    "repeat_count" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("alert_id","file_id","line_no")
);

-- CreateTable
CREATE TABLE "alert_notes" (
    "id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "author_id" UUID,
    "author_email" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "analysis" TEXT NOT NULL DEFAULT '',
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "notified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notified_by" TEXT NOT NULL,
    "mail_status" TEXT NOT NULL DEFAULT 'pending',
    "mail_error" TEXT,
    "mailed_at" TIMESTAMPTZ(3),
    "message_id" TEXT,

    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_notifications_mail_status_check" CHECK ("mail_status" IN ('pending', 'sent', 'failed', 'skipped'))
);

-- CreateTable
CREATE TABLE "document_counters" (
    "customer_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "document_counters_pkey" PRIMARY KEY ("customer_id","kind","period")
);

-- CreateTable
CREATE TABLE "inquiries" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "alert_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'open',
    "created_by_id" UUID,
    "created_by_email" TEXT NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inquiries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "inquiries_status_check" CHECK ("status" IN ('open', 'in_progress', 'done'))
);

-- CreateTable
CREATE TABLE "inquiry_messages" (
    "id" UUID NOT NULL,
    "inquiry_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "author_id" UUID,
    "author_email" TEXT NOT NULL,
    "from_staff" BOOLEAN NOT NULL,
    "body" TEXT NOT NULL,
    "mail_status" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inquiry_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_items" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "inquiry_id" UUID,
    "alert_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "work_items_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "work_items_status_check" CHECK ("status" IN ('open', 'in_progress', 'done'))
);

-- CreateTable
CREATE TABLE "service_outages" (
    "id" UUID NOT NULL,
    "customer_id" UUID,
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3),
    "cause" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "service_outages_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "service_outages_range_check" CHECK ("end_at" IS NULL OR "end_at" >= "start_at")
);

-- CreateIndex
CREATE INDEX "threat_lists_customer_id_idx" ON "threat_lists"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "threat_lists_name_key" ON "threat_lists"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_key_key" ON "alert_rules"("key");

-- CreateIndex
CREATE INDEX "alert_rules_customer_id_idx" ON "alert_rules"("customer_id");

-- CreateIndex
CREATE INDEX "alerts_customer_id_first_at_idx" ON "alerts"("customer_id", "first_at");

-- CreateIndex
CREATE INDEX "alerts_customer_id_status_idx" ON "alerts"("customer_id", "status");

-- CreateIndex
CREATE INDEX "alerts_status_last_at_idx" ON "alerts"("status", "last_at");

-- CreateIndex
CREATE INDEX "alert_notes_alert_id_created_at_idx" ON "alert_notes"("alert_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_notifications_alert_id_key" ON "alert_notifications"("alert_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_notifications_number_key" ON "alert_notifications"("number");

-- CreateIndex
CREATE INDEX "alert_notifications_customer_id_notified_at_idx" ON "alert_notifications"("customer_id", "notified_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_notifications_customer_id_period_seq_key" ON "alert_notifications"("customer_id", "period", "seq");

-- CreateIndex
CREATE INDEX "inquiries_customer_id_created_at_idx" ON "inquiries"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "inquiries_status_created_at_idx" ON "inquiries"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "inquiries_customer_id_number_key" ON "inquiries"("customer_id", "number");

-- CreateIndex
CREATE INDEX "inquiry_messages_inquiry_id_created_at_idx" ON "inquiry_messages"("inquiry_id", "created_at");

-- CreateIndex
CREATE INDEX "work_items_customer_id_date_idx" ON "work_items"("customer_id", "date");

-- CreateIndex
CREATE INDEX "service_outages_start_at_idx" ON "service_outages"("start_at");

-- CreateIndex
CREATE INDEX "service_outages_customer_id_idx" ON "service_outages"("customer_id");

-- AddForeignKey
ALTER TABLE "threat_list_entries" ADD CONSTRAINT "threat_list_entries_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "threat_lists"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_list_id_fkey" FOREIGN KEY ("list_id") REFERENCES "threat_lists"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notes" ADD CONSTRAINT "alert_notes_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inquiry_messages" ADD CONSTRAINT "inquiry_messages_inquiry_id_fkey" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
