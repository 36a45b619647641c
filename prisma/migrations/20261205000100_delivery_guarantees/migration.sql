-- Nothing is dropped silently: a disabled endpoint's deliveries wait as `paused` (also those of events
-- published while it is disabled) until someone delivers or discards them; discarding says who and when.
ALTER TYPE "DeliveryStatus" ADD VALUE 'paused';
ALTER TYPE "DeliveryStatus" ADD VALUE 'discarded';
ALTER TABLE "deliveries" ADD COLUMN "discarded_at" TIMESTAMPTZ(3);
ALTER TABLE "deliveries" ADD COLUMN "discarded_by" TEXT;

-- Attempt numbers are unique per delivery: the record statement numbers attempts under the delivery's
-- row lock. Numbers duplicated before (a manual resend racing a retry) are renumbered in time order.
WITH renumbered AS (
  SELECT id, row_number() OVER (PARTITION BY delivery_id ORDER BY number, started_at, id) AS n FROM "attempts"
)
UPDATE "attempts" a SET "number" = r.n FROM renumbered r WHERE a.id = r.id AND a."number" <> r.n;
UPDATE "deliveries" d SET "attempt_count" = m.n
FROM (SELECT delivery_id, max("number") AS n FROM "attempts" GROUP BY delivery_id) m
WHERE m.delivery_id = d.id AND d."attempt_count" < m.n;
DROP INDEX "attempts_delivery_id_number_idx";
CREATE UNIQUE INDEX "attempts_delivery_id_number_key" ON "attempts"("delivery_id", "number");

-- A receiver's body is kept as text PostgreSQL accepts (NUL and invalid UTF-8 replaced); this is how
-- many bytes it really had (up to the 20 KB read).
ALTER TABLE "attempts" ADD COLUMN "response_body_bytes" INTEGER;

-- A deliver job marks that it started sending (one row per running job, deleted when it ends). A job
-- that starts again and finds its mark ran before and was cut short (its worker killed): the
-- deliveries it held may have reached their receivers, and each gets an `interrupted` attempt.
-- Jobs only fetched by a worker that died never started, left no mark, and record nothing.
CREATE TABLE "job_runs" (
    "job_id" BIGINT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 1,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("job_id")
);
