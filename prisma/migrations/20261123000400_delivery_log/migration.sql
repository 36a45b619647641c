-- The delivery log's queries, each backed by an index: per endpoint newest first (optionally by
-- status or event type) with keyset paging on (created_at, id), and health over attempts by endpoint.
ALTER TABLE "attempts" ADD COLUMN "endpoint_id" UUID;
UPDATE "attempts" a SET "endpoint_id" = d."endpoint_id" FROM "deliveries" d WHERE d."id" = a."delivery_id";
ALTER TABLE "attempts" ALTER COLUMN "endpoint_id" SET NOT NULL;
CREATE INDEX "attempts_endpoint_id_started_at_idx" ON "attempts"("endpoint_id", "started_at");

DROP INDEX "deliveries_endpoint_id_status_created_at_idx";
CREATE INDEX "deliveries_endpoint_id_status_created_at_id_idx" ON "deliveries"("endpoint_id", "status", "created_at" DESC, "id" DESC);
CREATE INDEX "deliveries_endpoint_id_event_type_created_at_id_idx" ON "deliveries"("endpoint_id", "event_type", "created_at" DESC, "id" DESC);
CREATE INDEX "events_organization_id_type_created_at_id_idx" ON "events"("organization_id", "type", "created_at" DESC, "id" DESC);
