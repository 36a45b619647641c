-- Recording an attempt checked its delivery with a FOR KEY SHARE lock through the foreign key
-- (~10 % of the worker's record statement), in the statement that updates that same delivery.
-- Attempts are only written by the worker for deliveries it has just loaded, and deliveries only
-- disappear with their events, whose retention deletes their attempts explicitly
-- (lib/webhooks/retention.ts).
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_delivery_id_fkey";
