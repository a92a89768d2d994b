-- When each firewall was last heard from.

-- CreateTable
CREATE TABLE "device_activity" (
    "device_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "last_received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "device_activity_pkey" PRIMARY KEY ("device_id")
);

-- CreateIndex
CREATE INDEX "device_activity_customer_id_idx" ON "device_activity"("customer_id");
