// Natural batching of publishes: while a publish statement is running, the next requests queue up
// and go together in the next statement. Under load many events share one commit, one NOTIFY and
// one worker job; an idle system still publishes each event at once (no timer, no added wait). A
// publish with an API token has its token checked by the same statement: one statement per publish.
import { tokenCtes, type EffectiveScope, type TokenRefusal } from "@/lib/auth/tokens";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { metrics, timed } from "@/lib/metrics/metrics";
import { uuidv7 } from "@/lib/ids";
import { releaseIfEnabled } from "@/lib/webhooks/engine/paused";
import { FEED_CHANNEL } from "@/lib/webhooks/feed/channel";
import { FRESH_CHANNEL, FRESH_NAMED_MAX } from "@/lib/webhooks/engine/job";
import { DEFAULT_ENVIRONMENT, type Environment } from "@/lib/webhooks/environments";
import { eventTypeNames } from "@/lib/webhooks/catalog";
import { expressibleSql } from "@/lib/webhooks/formats/formats";
import { DELIVER_TASK } from "@/lib/webhooks/engine/job";

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
  /** producao or homologacao: it reaches only the endpoints of its environment */
  environment: Environment;
}

/** An event published with an API token: the statement that stores it checks the token. */
export interface TokenEventRow extends Omit<NewEventRow, "organization_id" | "environment"> {
  /** the token's hash (lib/auth/tokens.ts) */
  token_hash: string;
  /** the one asked for or named by its data; null: the token's own, else produção */
  environment: Environment | null;
}

export interface StoredEvent {
  id: string;
  /** as stored: an idempotent repeat answers with the first event's */
  type: string;
  created_at: Date;
  environment: Environment;
  /** its place among its invoice's events (null: no access key) */
  sequence: number | null;
  deliveries: { id: string; endpoint_id: string }[];
}

const MAX_BATCH = 100;
/**
 * One publish statement at a time: the requests that arrive meanwhile go together in the next one.
 * Measured on the shared bench's product step (16 publishers, 1 endpoint, two runs each): 667 / 722
 * deliveries/s with one, 587 / 569 with two at a time (half the batch each: more statements, commits
 * and worker jobs per event for PostgreSQL, which is the busiest process); latency at 200 events/s
 * the same.
 */
const MAX_FLUSHES = 1;
/** deliveries per worker job: big enough to amortise a job, small enough to spread over workers */
const DELIVERIES_PER_JOB = 100;

// $1: the rows, each with its organization or (published with an API token) its token's hash; $2:
// PUBLISH_RATE_PER_S; $3: PUBLISH_BURST. A token is checked here, as its own lookup would check it
// (lib/auth/tokens.ts): a publish is then one statement. A row its token may not publish is refused,
// stores nothing, and says why.
const PUBLISH_SQL = `
WITH raw AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, id uuid, organization_id uuid, token_hash text, type text, data jsonb,
    idempotency_key text, company_cnpj text, access_key text, series text, number text, about_endpoint_id uuid, published_by text,
    environment text)
), presented AS (
  SELECT token_hash AS hash, count(*)::int AS publishes FROM raw WHERE token_hash IS NOT NULL GROUP BY 1
), ${tokenCtes("presented")}, judged AS (
  -- a token's publishes in this statement take from its budget in arrival order; with no environment
  -- of its own, an event goes to the token's, else to ${DEFAULT_ENVIRONMENT}
  SELECT r.id, r.type, r.data, r.idempotency_key, r.company_cnpj, r.access_key, r.series, r.number, r.about_endpoint_id, r.published_by,
    coalesce(r.organization_id, c.organization_id) AS organization_id,
    coalesce(r.environment, c.environment::text, '${DEFAULT_ENVIRONMENT}') AS environment,
    c.effective_scope AS token_scope, c.environment AS token_environment, c.publish_wait,
    CASE WHEN r.token_hash IS NULL THEN NULL
      WHEN c.id IS NULL THEN 'token.invalid'
      WHEN c.effective_scope NOT IN ('publish', 'admin') THEN 'token.scope'
      WHEN row_number() OVER (PARTITION BY r.token_hash ORDER BY r.ord) > c.allowed THEN 'token.rate'
      WHEN c.environment IS NOT NULL AND r.environment IS NOT NULL AND r.environment <> c.environment THEN 'environment.token_limited'
    END AS refusal
  FROM raw r LEFT JOIN checked c ON c.token_hash = r.token_hash
), input AS (
  SELECT * FROM judged WHERE refusal IS NULL
), keyed AS (
  -- a publisher's id takes its place first: the one already there (or earlier in this batch) wins
  INSERT INTO event_keys (organization_id, idempotency_key, event_id)
  SELECT organization_id, idempotency_key, id FROM input WHERE idempotency_key IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING event_id
), ev AS (
  INSERT INTO events (id, organization_id, type, data, idempotency_key, company_cnpj, access_key, series, number, about_endpoint_id,
    published_by, environment)
  SELECT id, organization_id, type, data, idempotency_key, company_cnpj, access_key, series, number, about_endpoint_id, published_by,
    environment FROM input
  WHERE idempotency_key IS NULL OR id IN (SELECT event_id FROM keyed)
  RETURNING id, organization_id, type, company_cnpj, access_key, about_endpoint_id, environment, created_at
), counted AS (
  -- each invoice's stored events (an idempotent repeat stores none, so it takes no number)
  SELECT organization_id, access_key, count(*)::int AS n FROM ev WHERE access_key IS NOT NULL GROUP BY 1, 2
), counters AS (
  -- the invoice's counter, locked until commit: a concurrent publish of the same invoice numbers after this one
  INSERT INTO invoice_sequences AS s (organization_id, access_key, last_sequence)
  SELECT organization_id, access_key, n FROM counted ORDER BY organization_id, access_key
  ON CONFLICT (organization_id, access_key) DO UPDATE SET last_sequence = s.last_sequence + excluded.last_sequence
  RETURNING organization_id, access_key, last_sequence
), numbered AS (
  SELECT ev.id, c.last_sequence - k.n + row_number() OVER (PARTITION BY ev.organization_id, ev.access_key ORDER BY ev.id)::int AS sequence
  FROM ev JOIN counted k USING (organization_id, access_key) JOIN counters c USING (organization_id, access_key)
), sequences AS (
  INSERT INTO event_sequences (event_id, sequence) SELECT id, sequence FROM numbered
), d AS (
  -- a disabled endpoint gets its delivery too, paused: it waits for the endpoint to be enabled again;
  -- a polling endpoint's waits in its feed (pending, never due: no job sends it)
  -- the sequence goes into every body; an endpoint that orders per invoice orders it by its access key;
  -- its id is in its event's day (the log's partitions)
  INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, company_cnpj, status, next_attempt_at, created_at, updated_at,
    sequence, ordering_key)
  SELECT uuid_v7_like(ev.id), ev.organization_id, ev.id, e.id, ev.type, ev.company_cnpj,
    CASE WHEN e.enabled OR e.kind = 'polling' THEN 'pending' ELSE 'paused' END::"DeliveryStatus",
    CASE WHEN e.enabled AND e.kind = 'push' THEN ev.created_at END, ev.created_at, ev.created_at,
    n.sequence, CASE WHEN e.ordering = 'per_invoice' AND e.kind = 'push' AND n.sequence IS NOT NULL THEN ev.access_key END
  FROM ev JOIN endpoints e ON e.organization_id = ev.organization_id AND e.environment = ev.environment
  LEFT JOIN numbered n ON n.id = ev.id
  WHERE e.deleted_at IS NULL
    -- no event types chosen: every invoice event; operational events only to endpoints that name them
    AND (ev.type = ANY (e.event_types) OR cardinality(e.event_types) = 0 AND ev.about_endpoint_id IS NULL)
    AND e.id IS DISTINCT FROM ev.about_endpoint_id
    AND (cardinality(e.cnpjs) = 0 OR ev.company_cnpj = ANY (e.cnpjs))
    -- an event its payload format cannot express is not sent to it (lib/webhooks/outbound/formats.ts)
    AND ${expressibleSql("ev.type", eventTypeNames)}
  RETURNING id, event_id, endpoint_id, status, next_attempt_at
), feed AS (
  -- polling endpoints' messages, in publication order (lib/webhooks/feed)
  INSERT INTO feed_messages (endpoint_id, delivery_id)
  SELECT endpoint_id, id FROM d WHERE status = 'pending' AND next_attempt_at IS NULL ORDER BY event_id, id
  RETURNING endpoint_id
), woken AS (
  -- waiting readers of those feeds wake up when this commits
  SELECT pg_notify('${FEED_CHANNEL}', string_agg(DISTINCT endpoint_id::text, ',')) AS n FROM feed HAVING count(*) > 0
), task AS (
  -- graphile-worker's id for 'deliver' (registered by migrateAll; here again should it be missing)
  INSERT INTO graphile_worker._private_tasks (identifier) SELECT '${DELIVER_TASK}'
  WHERE NOT EXISTS (SELECT 1 FROM graphile_worker._private_tasks WHERE identifier = '${DELIVER_TASK}')
  ON CONFLICT DO NOTHING
  RETURNING id
), job_rows AS (
  -- the batch's pending deliveries in as few jobs as possible, none when none. Inserted as
  -- graphile-worker's add_jobs() would insert them (no queue, key or flags: the columns' defaults)
  -- without its four statements per call, one of them a sequential scan of the job table that a
  -- backlog makes longer: 0.05 instead of 0.5–0.7 ms a publish
  INSERT INTO graphile_worker._private_jobs (task_id, payload)
  SELECT coalesce((SELECT id FROM task), (SELECT id FROM graphile_worker._private_tasks WHERE identifier = '${DELIVER_TASK}')),
    json_build_object('deliveries', json_agg(c.id))
  FROM (SELECT id, (row_number() OVER () - 1) / ${DELIVERIES_PER_JOB} AS chunk FROM d WHERE status = 'pending' AND next_attempt_at IS NOT NULL) c
  GROUP BY c.chunk
  RETURNING id
), job AS (
  -- the listening workers hear of them when this commits: a few by their ids, which the worker that
  -- hears it takes at once (fresh-jobs.ts), more on graphile-worker's channel (its payload)
  SELECT count(*) AS n, CASE WHEN count(*) <= ${FRESH_NAMED_MAX} THEN pg_notify('${FRESH_CHANNEL}', string_agg(id::text, ','))
    ELSE pg_notify('jobs:insert', json_build_object('count', count(*))::text) END
  FROM job_rows HAVING count(*) > 0
), grouped AS (
  -- in the order the event's log lists them: by when their webhook was made
  -- (each by its primary key, whatever the number of endpoints)
  SELECT event_id, json_agg(json_build_object('id', id, 'endpoint_id', endpoint_id)
    ORDER BY (SELECT e.created_at FROM endpoints e WHERE e.id = d.endpoint_id), endpoint_id) AS deliveries
  FROM d GROUP BY event_id
)
-- a row per row given: stored, an idempotent repeat (nothing stored) or refused
SELECT j.id, j.organization_id, j.refusal, j.token_scope, j.token_environment, j.publish_wait, ev.id IS NOT NULL AS stored,
  ev.type, ev.created_at, ev.environment, num.sequence, coalesce(g.deliveries, '[]') AS deliveries,
  (SELECT n FROM job) AS jobs, (SELECT count(*) FROM woken) AS woken, ARRAY(SELECT id FROM d WHERE status = 'paused')::text[] AS paused
FROM judged j LEFT JOIN ev ON ev.id = j.id LEFT JOIN grouped g ON g.event_id = ev.id LEFT JOIN numbered num ON num.id = ev.id`;

/** A row as the statement answers it. */
interface PublishRow extends StoredEvent {
  /** the token's organization for a row published with a token (null: its token was unknown) */
  organization_id: string | null;
  refusal: TokenRefusal["code"] | null;
  token_scope: EffectiveScope | null;
  token_environment: Environment | null;
  publish_wait: number | null;
  /** false: an idempotent repeat, or refused */
  stored: boolean;
  /** the statement's paused deliveries (every row carries the same array) */
  paused: string[];
}

/** What became of a row: stored (null: its idempotency key was taken), or refused for its token. */
export type RowOutcome = { organizationId: string; stored: StoredEvent | null } | { refusal: TokenRefusal };

type Row = NewEventRow | TokenEventRow;

interface Pending {
  row: Row;
  resolve: (outcome: RowOutcome) => void;
  reject: (error: unknown) => void;
}

const queue: Pending[] = [];
let flushing = 0;

/**
 * Stores `rows` now, in one statement of their own (the operator's batch route): what was stored, by
 * event id; a row whose (organization, idempotency key) already existed is not in it.
 */
export async function storeEventsNow(rows: NewEventRow[]): Promise<Map<string, StoredEvent>> {
  if (!rows.length) return new Map();
  const { outcomes, paused } = await insert(rows);
  await releaseIfEnabled(paused);
  const events = new Map<string, StoredEvent>();
  for (const [id, outcome] of outcomes) if ("stored" in outcome && outcome.stored) events.set(id, outcome.stored);
  return events;
}

interface Stored {
  outcomes: Map<string, RowOutcome>;
  /** the deliveries the statement stored paused (their endpoint was disabled) */
  paused: string[];
}

function outcomeOf(row: PublishRow): RowOutcome {
  const { refusal, token_scope, token_environment, publish_wait, organization_id, stored, paused: _, ...event } = row;
  if (refusal) {
    return { refusal: { code: refusal, scope: token_scope, environment: token_environment, wait: Math.max(0, publish_wait ?? 0) } };
  }
  return { organizationId: organization_id!, stored: stored ? event : null };
}

async function insert(rows: Row[]): Promise<Stored> {
  const { publishStatement, eventsPublished } = metrics();
  const { rows: answered } = await timed(publishStatement, () =>
    pool().query<PublishRow>({
      name: "publish-events",
      text: PUBLISH_SQL,
      values: [JSON.stringify(rows.map((row, ord) => ({ ...row, ord }))), env.PUBLISH_RATE_PER_S, env.PUBLISH_BURST],
    }),
  );
  for (const row of answered) if (row.stored) eventsPublished.inc({ type: row.type });
  return { outcomes: new Map(answered.map((row) => [row.id, outcomeOf(row)])), paused: answered[0]?.paused ?? [] };
}

/** The batch's statement; the next batch may go as soon as it has committed. */
async function flush(batch: Pending[]): Promise<void> {
  let stored: Stored;
  try {
    stored = await insert(batch.map((p) => p.row));
  } catch (error) {
    if (batch.length === 1) return batch[0]!.reject(error);
    // one bad event must not fail its neighbours: each goes again on its own, with its own error
    await Promise.all(batch.map((p) => flush([p])));
    return;
  }
  void answer(batch, stored);
}

/**
 * For a disabled endpoint that was being enabled meanwhile, what the batch stored paused goes out
 * now (releaseIfEnabled); then its publishers have their answer. Outside the one-at-a-time slot:
 * an organization with a disabled webhook must not slow every organization's publishing.
 */
async function answer(batch: Pending[], { outcomes, paused }: Stored): Promise<void> {
  await releaseIfEnabled(paused);
  for (const p of batch) {
    const outcome = outcomes.get(p.row.id);
    if (outcome) p.resolve(outcome);
    else p.reject(new Error(`the publish statement did not answer for event ${p.row.id}`));
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

function enqueue(row: Row): Promise<RowOutcome> {
  return new Promise((resolve, reject) => {
    queue.push({ row, resolve, reject });
    drain();
  });
}

/**
 * Stores the event, its deliveries and their job. Resolves to what was stored, or null when the
 * (organization, idempotency key) already existed and nothing was stored.
 */
export async function storeEvent(row: Omit<NewEventRow, "id">): Promise<StoredEvent | null> {
  const outcome = await enqueue({ ...row, id: uuidv7() });
  return "stored" in outcome ? outcome.stored : null;
}

/**
 * The same for an event published with an API token, which the statement checks as it stores: the
 * token's organization and what was stored, or why the token was refused (nothing stored).
 */
export function storeEventWithToken(row: Omit<TokenEventRow, "id">): Promise<RowOutcome> {
  return enqueue({ ...row, id: uuidv7() });
}
