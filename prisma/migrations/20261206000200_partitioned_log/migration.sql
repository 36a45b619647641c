-- The log (events, their sequence numbers, deliveries, attempts) is partitioned by week, so retention
-- drops whole partitions instead of deleting rows one by one (no permanent delete load, no bloat).
--
-- The partition key is the time inside the ids: events and deliveries have time-ordered ids
-- (UUID version 7, migration 20261124000200_time_ordered_ids) whose first 48 bits are Unix
-- milliseconds. A week (Monday to Monday, UTC) is the id range [log_bound(monday), log_bound(monday
-- + 7)). Each table keeps its primary key (it contains the partition key): events and deliveries by
-- id, event_sequences by event_id, attempts by (delivery_id, number). A delivery takes its id in its
-- event's millisecond (uuid_v7_like) and an attempt lives with its delivery, so one week of the log
-- is one partition of each table and leaves together.
--
-- Weeks, not days: every statement that cannot name a partition (the worker's by-id batches in a
-- cached plan, the log's lists by endpoint and time) opens and locks each partition and its indexes.
-- With 30 days kept that is ~7 partitions a table instead of ~40 (measured: daily partitions cost
-- the hot path a third of its throughput on the shared bench).
--
-- What a partitioned table cannot keep:
-- * a unique (organization_id, idempotency_key) across partitions: publishers' ids move to event_keys;
-- * foreign keys between the log's tables (detaching a referenced partition checks every row):
--   the publish statement writes an event with its deliveries, and retention removes a week of each
--   table together. events keep their foreign key to organizations.
-- Rows whose id holds no week we have a partition for (ids made before time-ordered ids, a clock far
-- off) land in each table's default partition, still read by every query; retention deletes them
-- row by row, as before.

-- The first id of a day (UTC): a week's partition starts at its Monday's.
CREATE FUNCTION "log_bound"(day date) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (lpad(to_hex((extract(epoch FROM day::timestamp) * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
$$;

-- A time-ordered id for the time `at` (the seed and tests write history with it).
CREATE FUNCTION "uuid_v7_at"(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

-- A new time-ordered id with the same millisecond as `id`: a delivery's id in its event's partition.
CREATE FUNCTION "uuid_v7_like"(id uuid) RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(overlay(uuid_send("uuid_v7"()) placing substring(uuid_send(id) FROM 1 FOR 6) FROM 1 FOR 6), 'hex')::uuid
$$;

-- Creates the partitions (one a week, named after its Monday: events_p20261130) of the weeks that
-- hold the `days` days from `first_day` and do not exist yet; answers how many it made. A week whose
-- rows already wait in a default partition is skipped (a warning): they stay there. The worker calls
-- it at start and every hour for today and the next 7 days (lib/webhooks/engine/retention.ts).
CREATE FUNCTION "create_log_partitions"(first_day date, days int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  d date;
  t text;
  made int := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72707370);
  FOR d IN SELECT generate_series(date_trunc('week', first_day::timestamp), (first_day + days - 1)::timestamp, interval '7 days')::date LOOP
    FOREACH t IN ARRAY ARRAY['events', 'event_sequences', 'deliveries', 'attempts'] LOOP
      CONTINUE WHEN to_regclass(format('%I', t || '_p' || to_char(d, 'YYYYMMDD'))) IS NOT NULL;
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
          t || '_p' || to_char(d, 'YYYYMMDD'), t, "log_bound"(d), "log_bound"(d + 7));
        made := made + 1;
      EXCEPTION WHEN check_violation THEN
        RAISE WARNING 'rows of the week of % already wait in %_default: that week stays there', d, t;
      END;
    END LOOP;
  END LOOP;
  RETURN made;
END
$$;

-- The old tables step aside with their indexes (index names are unique per schema).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT indexrelid::regclass::text AS name FROM pg_index
    WHERE indrelid IN ('events'::regclass, 'event_sequences'::regclass, 'deliveries'::regclass, 'attempts'::regclass) LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', r.name, left(r.name, 55) || '_unpart');
  END LOOP;
END
$$;
ALTER TABLE "events" RENAME TO "events_unpartitioned";
ALTER TABLE "event_sequences" RENAME TO "event_sequences_unpartitioned";
ALTER TABLE "deliveries" RENAME TO "deliveries_unpartitioned";
ALTER TABLE "attempts" RENAME TO "attempts_unpartitioned";
ALTER SEQUENCE "attempts_id_seq" OWNED BY NONE;
ALTER TABLE "event_sequences_unpartitioned" DROP CONSTRAINT "event_sequences_event_id_fkey";
ALTER TABLE "deliveries_unpartitioned" DROP CONSTRAINT "deliveries_event_id_fkey";
ALTER TABLE "feed_messages" DROP CONSTRAINT "feed_messages_delivery_id_fkey";

CREATE TABLE "events" (LIKE "events_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("id");
ALTER TABLE "events" ADD CONSTRAINT "events_pkey" PRIMARY KEY ("id");
ALTER TABLE "events" ADD CONSTRAINT "events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "events_organization_id_created_at_id_idx" ON "events"("organization_id", "created_at" DESC, "id" DESC);
CREATE INDEX "events_organization_id_access_key_idx" ON "events"("organization_id", "access_key");
CREATE INDEX "events_organization_id_company_cnpj_created_at_idx" ON "events"("organization_id", "company_cnpj", "created_at" DESC);
CREATE INDEX "events_organization_id_number_idx" ON "events"("organization_id", "number");
CREATE INDEX "events_organization_id_type_created_at_id_idx" ON "events"("organization_id", "type", "created_at" DESC, "id" DESC);
CREATE INDEX "events_organization_id_environment_created_at_id_idx" ON "events"("organization_id", "environment", "created_at" DESC, "id" DESC);

CREATE TABLE "event_sequences" (LIKE "event_sequences_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("event_id");
ALTER TABLE "event_sequences" ADD CONSTRAINT "event_sequences_pkey" PRIMARY KEY ("event_id");

CREATE TABLE "deliveries" (LIKE "deliveries_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("id");
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id");
CREATE INDEX "deliveries_endpoint_id_created_at_id_idx" ON "deliveries"("endpoint_id", "created_at" DESC, "id" DESC);
CREATE INDEX "deliveries_endpoint_id_status_created_at_id_idx" ON "deliveries"("endpoint_id", "status", "created_at" DESC, "id" DESC);
CREATE INDEX "deliveries_endpoint_id_event_type_created_at_id_idx" ON "deliveries"("endpoint_id", "event_type", "created_at" DESC, "id" DESC);
CREATE INDEX "deliveries_endpoint_id_company_cnpj_created_at_id_idx" ON "deliveries"("endpoint_id", "company_cnpj", "created_at" DESC, "id" DESC);
CREATE INDEX "deliveries_event_id_idx" ON "deliveries"("event_id");
CREATE INDEX "deliveries_open_invoice_idx" ON "deliveries"("endpoint_id", "ordering_key", "sequence")
  WHERE "ordering_key" IS NOT NULL AND "status" IN ('pending', 'retrying', 'paused', 'waiting');
CREATE INDEX "deliveries_waiting_idx" ON "deliveries"("id") WHERE "status" = 'waiting';
CREATE INDEX "deliveries_failures_idx" ON "deliveries"("organization_id", "created_at" DESC, "id" DESC)
  WHERE "status" IN ('failed', 'retrying', 'paused', 'cancelled');

CREATE TABLE "attempts" (LIKE "attempts_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("delivery_id");
ALTER SEQUENCE "attempts_id_seq" OWNED BY "attempts"."id";
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_pkey" PRIMARY KEY ("delivery_id", "number");
CREATE INDEX "attempts_endpoint_id_started_at_idx" ON "attempts"("endpoint_id", "started_at");

CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;
CREATE TABLE "event_sequences_default" PARTITION OF "event_sequences" DEFAULT;
CREATE TABLE "deliveries_default" PARTITION OF "deliveries" DEFAULT;
CREATE TABLE "attempts_default" PARTITION OF "attempts" DEFAULT;

-- Partitions from the week of the oldest day an id holds (at most 400 days back) to next week.
SELECT "create_log_partitions"(first_day, (current_date + 8 - first_day)::int)
FROM (
  SELECT greatest(current_date - 400, least(current_date, coalesce(min(day), current_date))) AS first_day
  FROM (
    SELECT to_timestamp(('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint / 1000.0)::date AS day
    FROM (SELECT (SELECT id FROM "events_unpartitioned" WHERE substr(id::text, 15, 1) = '7' ORDER BY id LIMIT 1) AS id
          UNION ALL SELECT (SELECT id FROM "deliveries_unpartitioned" WHERE substr(id::text, 15, 1) = '7' ORDER BY id LIMIT 1)) m
    WHERE id IS NOT NULL
  ) days
) f;

INSERT INTO "events" SELECT * FROM "events_unpartitioned";
INSERT INTO "event_sequences" SELECT * FROM "event_sequences_unpartitioned";
INSERT INTO "deliveries" SELECT * FROM "deliveries_unpartitioned";
INSERT INTO "attempts" SELECT * FROM "attempts_unpartitioned";

-- A publisher's id is unique per organization for as long as its event is kept.
CREATE TABLE "event_keys" (
  "organization_id" UUID NOT NULL,
  "idempotency_key" TEXT NOT NULL,
  "event_id" UUID NOT NULL,
  CONSTRAINT "event_keys_pkey" PRIMARY KEY ("organization_id", "idempotency_key"),
  CONSTRAINT "event_keys_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "event_keys" SELECT organization_id, idempotency_key, id FROM "events_unpartitioned" WHERE idempotency_key IS NOT NULL;

DROP TABLE "attempts_unpartitioned", "deliveries_unpartitioned", "event_sequences_unpartitioned", "events_unpartitioned";

ANALYZE "events";
ANALYZE "event_sequences";
ANALYZE "deliveries";
ANALYZE "attempts";
ANALYZE "event_keys";
