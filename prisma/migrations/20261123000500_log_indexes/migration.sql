-- Searching an endpoint's log by CNPJ walked the endpoint's deliveries newest first and probed each one's
-- event (~100 ms at 1,000,000 attempts over 200 companies; the whole log for a rare CNPJ). The CNPJ is
-- copied onto the delivery when it is created (as attempts copy endpoint_id), so the search reads one
-- index in log order.
ALTER TABLE "deliveries" ADD COLUMN "company_cnpj" TEXT;
UPDATE "deliveries" d SET "company_cnpj" = ev."company_cnpj" FROM "events" ev WHERE ev."id" = d."event_id" AND ev."company_cnpj" IS NOT NULL;
CREATE INDEX "deliveries_endpoint_id_company_cnpj_created_at_id_idx" ON "deliveries"("endpoint_id", "company_cnpj", "created_at" DESC, "id" DESC);
