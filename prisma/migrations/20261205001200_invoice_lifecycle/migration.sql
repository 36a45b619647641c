-- The invoice lifecycle: per-invoice sequence numbers, per-invoice ordering, and the two SEFAZ
-- environments (produção, tpAmb 1; homologação, tpAmb 2).

-- environments: an event reaches only the endpoints of its environment; a token may be limited to one
ALTER TABLE "events" ADD COLUMN "environment" TEXT NOT NULL DEFAULT 'producao';
ALTER TABLE "events" ADD CONSTRAINT "events_environment_check" CHECK ("environment" IN ('producao', 'homologacao'));
CREATE INDEX "events_organization_id_environment_created_at_id_idx" ON "events"("organization_id", "environment", "created_at" DESC, "id" DESC);
ALTER TABLE "endpoints" ADD COLUMN "environment" TEXT NOT NULL DEFAULT 'producao';
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_environment_check" CHECK ("environment" IN ('producao', 'homologacao'));
ALTER TABLE "api_tokens" ADD COLUMN "environment" TEXT;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_environment_check" CHECK ("environment" IN ('producao', 'homologacao'));

-- ordering: none, or per_invoice (deliveries of one access key attempted strictly in sequence order)
ALTER TABLE "endpoints" ADD COLUMN "ordering" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_ordering_check" CHECK ("ordering" IN ('none', 'per_invoice'));

-- sequence: per organization and access key, from 1, one more with each stored event of the invoice
CREATE TABLE "invoice_sequences" (
    "organization_id" UUID NOT NULL,
    "access_key" TEXT NOT NULL,
    "last_sequence" INTEGER NOT NULL,
    CONSTRAINT "invoice_sequences_pkey" PRIMARY KEY ("organization_id", "access_key")
);
ALTER TABLE "invoice_sequences" ADD CONSTRAINT "invoice_sequences_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE TABLE "event_sequences" (
    "event_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    CONSTRAINT "event_sequences_pkey" PRIMARY KEY ("event_id")
);
ALTER TABLE "event_sequences" ADD CONSTRAINT "event_sequences_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- each delivery carries its sequence (it is in the body); a delivery to an endpoint that orders per
-- invoice also carries the access key it is ordered by: the order is checked on deliveries alone
ALTER TABLE "deliveries" ADD COLUMN "sequence" INTEGER;
ALTER TABLE "deliveries" ADD COLUMN "ordering_key" TEXT;
-- the open ordered deliveries of an invoice to an endpoint, by sequence (what a later one waits for)
CREATE INDEX "deliveries_open_invoice_idx" ON "deliveries"("endpoint_id", "ordering_key", "sequence")
  WHERE "ordering_key" IS NOT NULL AND "status" IN ('pending', 'retrying', 'paused', 'waiting');
CREATE INDEX "deliveries_waiting_idx" ON "deliveries"("id") WHERE "status" = 'waiting';
