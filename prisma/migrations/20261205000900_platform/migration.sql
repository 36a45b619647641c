-- Platform mode: organizations keyed by the integrator's own id (soft-deleted), portal sessions
-- (bounded, limited to the webhook screens), single-use portal links, and the operator's audit trail.
ALTER TABLE "organizations" ADD COLUMN "external_id" TEXT;
ALTER TABLE "organizations" ADD COLUMN "cnpjs" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "organizations" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "organizations_external_id_key" ON "organizations"("external_id");

ALTER TABLE "sessions" ADD COLUMN "portal" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "sessions" ADD COLUMN "expires_at" TIMESTAMPTZ(3);

ALTER TABLE "one_time_links" ADD COLUMN "detail" JSONB;

ALTER TABLE "events" ADD COLUMN "published_by" TEXT;

CREATE TABLE "operator_actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "organization_id" UUID,
    "external_id" TEXT,
    "target" TEXT,
    "address" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "detail" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "operator_actions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "operator_actions_organization_id_created_at_idx" ON "operator_actions"("organization_id", "created_at");
CREATE INDEX "operator_actions_created_at_idx" ON "operator_actions"("created_at");
ALTER TABLE "operator_actions" ADD CONSTRAINT "operator_actions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
