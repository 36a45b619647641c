CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'retrying', 'succeeded', 'failed', 'cancelled');
CREATE TYPE "AttemptTrigger" AS ENUM ('auto', 'manual', 'recover', 'test');

CREATE TABLE "events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "company_cnpj" TEXT,
    "access_key" TEXT,
    "series" TEXT,
    "number" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "events_organization_id_idempotency_key_key" ON "events"("organization_id", "idempotency_key");
CREATE INDEX "events_organization_id_created_at_id_idx" ON "events"("organization_id", "created_at" DESC, "id" DESC);
CREATE INDEX "events_organization_id_access_key_idx" ON "events"("organization_id", "access_key");
CREATE INDEX "events_organization_id_company_cnpj_created_at_idx" ON "events"("organization_id", "company_cnpj", "created_at" DESC);
CREATE INDEX "events_organization_id_number_idx" ON "events"("organization_id", "number");
CREATE INDEX "events_created_at_idx" ON "events"("created_at");

CREATE TABLE "deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "last_duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "deliveries_endpoint_id_created_at_id_idx" ON "deliveries"("endpoint_id", "created_at" DESC, "id" DESC);
CREATE INDEX "deliveries_endpoint_id_status_created_at_idx" ON "deliveries"("endpoint_id", "status", "created_at" DESC);
CREATE INDEX "deliveries_event_id_idx" ON "deliveries"("event_id");

CREATE TABLE "attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "trigger" "AttemptTrigger" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "request_headers" JSONB NOT NULL,
    "response_status" INTEGER,
    "response_headers" JSONB,
    "response_body" TEXT,
    "response_body_truncated" BOOLEAN NOT NULL DEFAULT false,
    "error_kind" TEXT,
    "error_message" TEXT,
    CONSTRAINT "attempts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "attempts_delivery_id_number_idx" ON "attempts"("delivery_id", "number");
CREATE INDEX "attempts_started_at_idx" ON "attempts"("started_at");
