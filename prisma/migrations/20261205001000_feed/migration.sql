-- Receivers without a public URL: polling endpoints read their messages from an ordered feed.
-- A feed message is placed by its transaction's id and a sequence: read only below the oldest
-- transaction still running, (txid, position) order never lets a message appear behind a cursor.
ALTER TABLE "endpoints" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'push';
ALTER TABLE "endpoints" ADD COLUMN "feed_ack_txid" BIGINT;
ALTER TABLE "endpoints" ADD COLUMN "feed_ack_position" BIGINT;
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_kind_check" CHECK ("kind" IN ('push', 'polling'));

CREATE TABLE "feed_messages" (
    "endpoint_id" UUID NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    "position" BIGSERIAL NOT NULL,
    "delivery_id" UUID NOT NULL,
    "acked_at" TIMESTAMPTZ(3),
    CONSTRAINT "feed_messages_pkey" PRIMARY KEY ("endpoint_id", "txid", "position")
);
CREATE INDEX "feed_messages_delivery_id_idx" ON "feed_messages"("delivery_id");
ALTER TABLE "feed_messages" ADD CONSTRAINT "feed_messages_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
