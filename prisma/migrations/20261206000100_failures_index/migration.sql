-- "Falhas" lists an organization's failed (retrying, paused, cancelled) deliveries across its webhooks,
-- newest first. Partial: a delivery on the happy path (pending, then succeeded) never enters it, so
-- publishing and delivering pay nothing for it.
CREATE INDEX "deliveries_failures_idx" ON "deliveries"("organization_id", "created_at" DESC, "id" DESC)
  WHERE "status" IN ('failed', 'retrying', 'paused', 'cancelled');
