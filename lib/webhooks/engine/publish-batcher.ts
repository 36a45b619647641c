// Natural batching of publishes: while a publish statement is running, the next requests queue up
// and go together in the next statement. Under load many events share one commit, one NOTIFY and
// one worker job; an idle system still publishes each event at once (no timer, no added wait).
import { pool } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import { releaseIfEnabled } from "@/lib/webhooks/engine/paused";
import { FEED_CHANNEL } from "@/lib/webhooks/feed/channel";

export interface NewEventRow {
  id: string;
  organization_id: string;
  type: string;
  data: unknown;
  idempotency_key: string | null;
  company_cnpj: string | null;
  access_key: string | null;
  series: string | null;
  number: string | null;
  /** an operational event about this endpoint: it is never delivered to it */
  about_endpoint_id: string | null;
  /** who published it when not a token of the organization ("operator:<key id>") */
  published_by?: string | null;
}

export interface StoredEvent {
  id: string;
  created_at: Date;
  deliveries: { id: string; endpoint_id: string }[];
}

const MAX_BATCH = 100;
const MAX_FLUSHES = 2;
/** deliveries per worker job: big enough to amortise a job, small enough to spread over workers */
const DELIVERIES_PER_JOB = 100;

const PUBLISH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, organization_id uuid, type text, data jsonb,
    idempotency_key text, company_cnpj text, access_key text, series text, number text, about_endpoint_id uuid, published_by text)
), ev AS (
  INSERT INTO events (id, organization_id, type, data, idempotency_key, company_cnpj, access_key, series, number, about_endpoint_id, published_by)
  SELECT id, organization_id, type, data, idempotency_key, company_cnpj, access_key, series, number, about_endpoint_id, published_by FROM input
  ON CONFLICT (organization_id, idempotency_key) DO NOTHING
  RETURNING id, organization_id, type, company_cnpj, about_endpoint_id, created_at
), d AS (
  -- a disabled endpoint gets its delivery too, paused: it waits for the endpoint to be enabled again;
  -- a polling endpoint's waits in its feed (pending, never due: no job sends it)
  INSERT INTO deliveries (organization_id, event_id, endpoint_id, event_type, company_cnpj, status, next_attempt_at, created_at, updated_at)
  SELECT ev.organization_id, ev.id, e.id, ev.type, ev.company_cnpj,
    CASE WHEN e.enabled OR e.kind = 'polling' THEN 'pending' ELSE 'paused' END::"DeliveryStatus",
    CASE WHEN e.enabled AND e.kind = 'push' THEN ev.created_at END, ev.created_at, ev.created_at
  FROM ev JOIN endpoints e ON e.organization_id = ev.organization_id
  WHERE e.deleted_at IS NULL
    -- no event types chosen: every invoice event; operational events only to endpoints that name them
    AND (ev.type = ANY (e.event_types) OR cardinality(e.event_types) = 0 AND ev.about_endpoint_id IS NULL)
    AND e.id IS DISTINCT FROM ev.about_endpoint_id
    AND (cardinality(e.cnpjs) = 0 OR ev.company_cnpj = ANY (e.cnpjs))
  RETURNING id, event_id, endpoint_id, status, next_attempt_at
), feed AS (
  -- polling endpoints' messages, in publication order (lib/webhooks/feed)
  INSERT INTO feed_messages (endpoint_id, delivery_id)
  SELECT endpoint_id, id FROM d WHERE status = 'pending' AND next_attempt_at IS NULL ORDER BY event_id, id
  RETURNING endpoint_id
), woken AS (
  -- waiting readers of those feeds wake up when this commits
  SELECT pg_notify('${FEED_CHANNEL}', string_agg(DISTINCT endpoint_id::text, ',')) AS n FROM feed HAVING count(*) > 0
), job AS (
  -- the batch's pending deliveries in as few jobs as possible; none (and no NOTIFY) when none
  SELECT (SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT ROW('deliver', json_build_object('deliveries', json_agg(c.id)), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec
    FROM (SELECT id, (row_number() OVER () - 1) / ${DELIVERIES_PER_JOB} AS chunk FROM d WHERE status = 'pending' AND next_attempt_at IS NOT NULL) c
    GROUP BY c.chunk
  ))) AS n
  WHERE EXISTS (SELECT 1 FROM d WHERE status = 'pending' AND next_attempt_at IS NOT NULL)
), grouped AS (
  SELECT event_id, json_agg(json_build_object('id', id, 'endpoint_id', endpoint_id)) AS deliveries FROM d GROUP BY event_id
)
SELECT ev.id, ev.created_at, coalesce(g.deliveries, '[]') AS deliveries, (SELECT n FROM job) AS jobs, (SELECT count(*) FROM woken) AS woken,
  ARRAY(SELECT id FROM d WHERE status = 'paused')::text[] AS paused
FROM ev LEFT JOIN grouped g ON g.event_id = ev.id`;

interface Pending {
  row: NewEventRow;
  resolve: (stored: StoredEvent | null) => void;
  reject: (error: unknown) => void;
}

const queue: Pending[] = [];
let flushing = 0;

/**
 * Stores `rows` now, in one statement of their own (the operator's batch route): what was stored, by
 * event id; a row whose (organization, idempotency key) already existed is not in it.
 */
export async function storeEventsNow(rows: NewEventRow[]): Promise<Map<string, StoredEvent>> {
  return rows.length ? insert(rows) : new Map();
}

async function insert(rows: NewEventRow[]): Promise<Map<string, StoredEvent>> {
  const { rows: stored } = await pool().query<StoredEvent & { paused: string[] }>({
    name: "publish-events",
    text: PUBLISH_SQL,
    values: [JSON.stringify(rows)],
  });
  // every row carries the statement's paused deliveries (the same array): for a disabled endpoint
  // that was being enabled meanwhile, they go out now
  await releaseIfEnabled(stored[0]?.paused ?? []);
  return new Map(stored.map(({ paused: _, ...s }) => [s.id, s]));
}

async function flush(batch: Pending[]): Promise<void> {
  try {
    const stored = await insert(batch.map((p) => p.row));
    for (const p of batch) p.resolve(stored.get(p.row.id) ?? null);
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error);
    // one bad event must not fail its neighbours: each goes again on its own, with its own error
    await Promise.all(batch.map((p) => flush([p])));
  }
}

function drain(): void {
  while (flushing < MAX_FLUSHES && queue.length) {
    const batch = queue.splice(0, MAX_BATCH);
    flushing++;
    void flush(batch).finally(() => {
      flushing--;
      drain();
    });
  }
}

/**
 * Stores the event, its deliveries and their job. Resolves to what was stored, or null when the
 * (organization, idempotency key) already existed and nothing was stored.
 */
export function storeEvent(row: Omit<NewEventRow, "id">): Promise<StoredEvent | null> {
  return new Promise((resolve, reject) => {
    queue.push({ row: { ...row, id: uuidv7() }, resolve, reject });
    drain();
  });
}
