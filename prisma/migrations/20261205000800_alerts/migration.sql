-- Alerts (lib/alerts): how far into its failure streak an endpoint's people were told (the highest
-- ALERT_THRESHOLDS percentage, 100 once disabled; 0 again when it recovers), which alerts each member
-- does not want by e-mail, each user's language, the organization's chat webhook (sealed), which
-- endpoint an operational event is about (it is never delivered to that endpoint), and the channel
-- a message went through.
ALTER TABLE "endpoints" ADD COLUMN "alert_level" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "memberships" ADD COLUMN "alert_opt_out" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "users" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'pt-BR';
ALTER TABLE "organizations" ADD COLUMN "chat_webhook_ciphertext" TEXT;
ALTER TABLE "events" ADD COLUMN "about_endpoint_id" UUID;
ALTER TABLE "messages" ADD COLUMN "channel" TEXT NOT NULL DEFAULT 'email';
