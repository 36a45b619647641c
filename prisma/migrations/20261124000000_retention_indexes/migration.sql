-- Retention now walks attempts by (endpoint_id, started_at) and events by (organization_id,
-- created_at): the time-only indexes cost every insert and served nothing else.
DROP INDEX "events_created_at_idx";
DROP INDEX "attempts_started_at_idx";
