-- When paused deliveries were released to be delivered again: a job made before that (a retry
-- scheduled before the endpoint was disabled) is stale for them and sends nothing — the jobs the
-- release made do.
ALTER TABLE "deliveries" ADD COLUMN "released_at" TIMESTAMPTZ(3);
