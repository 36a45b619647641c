// One `deliver` job: load its deliveries (one statement, which also marks the job as started),
// decide what each needs, send those due to their endpoints concurrently (within the endpoint
// limiter's slots), then record every outcome, schedule retries and mark the job finished in one
// statement (lib/webhooks/engine/record.ts). A delivery whose endpoint has no free slot, or is slow,
// moves to one of its endpoint's own queues instead of holding the job — and the other endpoints'
// deliveries in it.
import "server-only";
import { openHeaders } from "@/lib/webhooks/endpoints/sealed-headers";
import type pg from "pg";
import { env } from "@/lib/env";
import type { DeliveryStatus } from "@/lib/generated/prisma/enums";
import { activeSecrets } from "@/lib/webhooks/endpoints/secrets";
import { DATA_SQL, messageId } from "@/lib/webhooks/outbound/envelope";
import type { DeliverResult } from "@/lib/webhooks/outbound/deliver";
import { sendSigned } from "@/lib/webhooks/outbound/send-signed";
import type { EndpointLimiter } from "@/lib/webhooks/engine/endpoint-limiter";
import { endpointQueue, QUEUED_PRIORITY, RETRY_PRIORITY, retryKey, type DeliverJob, type JobTrigger } from "@/lib/webhooks/engine/job";
import { nextRetryDelay } from "@/lib/webhooks/engine/retry";
import { canExpress, formatHeaders, type PayloadFormat } from "@/lib/webhooks/formats/formats";
import { bodyInFormat } from "@/lib/webhooks/formats/body";
import { prepareRecord, recordOutcomes, type AttemptRecord, type Closure, type Outcome } from "@/lib/webhooks/engine/record";
import { earlierOpenSql } from "@/lib/webhooks/engine/ordering";
import { log } from "@/lib/log";

export interface DeliveryToSend {
  id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  /** attempts that used up its retry budget (not those cut short by our own crash, nor resends a person asked for) */
  counted_attempts: number;
  next_attempt_at: Date | null;
  /** its time has come (a job that runs again after recording it has nothing to do) */
  due: boolean;
  /** released from `paused` after this job was made: the release's own jobs send it */
  stale: boolean;
  event_type: string;
  event_created_at: Date;
  /** the event's data as its body carries it (DATA_SQL), shared by its deliveries in a job */
  data: string;
  url: string;
  headers: Record<string, string>;
  retry_policy: string;
  enabled: boolean;
  deleted: boolean;
  /** a polling endpoint's delivery is read from its feed, never sent */
  polling: boolean;
  /** its endpoint orders per invoice: "<endpoint>|<access key>", else null (lib/webhooks/engine/ordering.ts) */
  chain: string | null;
  sequence: number | null;
  /** an earlier delivery of its invoice, not in this job, is still open: it waits */
  held: boolean;
  event_id: string;
  environment: string;
  payload_format: PayloadFormat;
  redact_personal: boolean;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * What a job needs of each of its deliveries, by the SQL expressions of the job's delivery ids and
 * of when the job was made. Used by the job's load (below) and by the statement that takes fresh
 * jobs as soon as they are published (fresh-jobs.ts).
 */
export function deliveryColumns(ids: string, jobCreatedAt: string): string {
  return `d.id, d.endpoint_id, d.status,
  d.attempt_count - d.uncounted_attempts AS counted_attempts, d.next_attempt_at,
  coalesce(d.next_attempt_at <= now() + interval '1 second', false) AS due,
  -- released_at is kept to the millisecond, rounded (it may read up to 0.5 ms late): a job made
  -- within a millisecond after the release is not stale (at worst a job made just before it sends
  -- too, a duplicate with the same webhook-id; judged stale, the delivery was never sent)
  coalesce(d.released_at > ${jobCreatedAt} + interval '1 millisecond', false) AS stale,
  d.event_type, ev.created_at AS event_created_at,
  -- an event's data is printed once, on its first delivery here: its others share it (shareEventData)
  CASE WHEN row_number() OVER (PARTITION BY d.event_id ORDER BY d.id) = 1 THEN ${DATA_SQL} END AS data,
  e.url, e.headers, e.retry_policy, e.enabled, e.deleted_at IS NOT NULL AS deleted, e.kind = 'polling' AS polling, e.secret_ciphertext,
  e.previous_secret_ciphertext, e.previous_secret_expires_at, d.sequence, ev.id AS event_id, ev.environment, e.payload_format,
  e.redact_personal,
  CASE WHEN e.ordering = 'per_invoice' AND d.ordering_key IS NOT NULL THEN d.endpoint_id || '|' || d.ordering_key END AS chain,
  e.ordering = 'per_invoice' AND d.ordering_key IS NOT NULL AND EXISTS (${earlierOpenSql("d")} AND p.id <> ALL (${ids})) AS held`;
}

/**
 * Fills in the data of the rows a statement of deliveryColumns() answered: it prints each event's
 * data on one of its deliveries only (an event to 10 endpoints: one text conversion, one string to
 * parse and keep instead of ten, measured ~1/10 of the cost of a delivery at 10 endpoints).
 */
export function shareEventData<Row extends { event_id: string; data: string | null }>(rows: Row[]): (Row & { data: string })[] {
  const data = new Map<string, string>();
  for (const row of rows) if (row.data !== null) data.set(row.event_id, row.data);
  for (const row of rows) row.data ??= data.get(row.event_id) ?? null;
  return rows as (Row & { data: string })[];
}

/** Where the columns come from: the deliveries with those ids, their events and endpoints. */
export function deliveriesFrom(ids: string): string {
  return `FROM deliveries d JOIN events ev ON ev.id = d.event_id JOIN endpoints e ON e.id = d.endpoint_id
WHERE d.id = ANY (${ids})`;
}

// With a job id, the statement also marks the job as started (job_runs, deleted by the statement
// that records its outcomes): runs above 1 means an earlier run was cut short. When the job was made
// is read from its row (to the microsecond; the time graphile-worker hands the task, $2, is cut to the
// millisecond).
const LOAD_SQL = `
WITH started AS (
  INSERT INTO job_runs (job_id) SELECT $3::bigint WHERE $3::bigint IS NOT NULL
  ON CONFLICT (job_id) DO UPDATE SET runs = job_runs.runs + 1, started_at = now()
  RETURNING runs
), job AS (
  SELECT created_at FROM graphile_worker._private_jobs WHERE id = $3::bigint
)
SELECT coalesce((SELECT runs FROM started), 1) AS runs,
  ${deliveryColumns("$1::uuid[]", "coalesce((SELECT created_at FROM job), $2::timestamptz)")}
${deliveriesFrom("$1::uuid[]")}
ORDER BY d.created_at, d.id`;

/**
 * The job's deliveries, and how many times the job has started (marked by this statement when
 * `jobId` is given). `jobCreatedAt`: when the job was made (a delivery released after it is not
 * this job's to send).
 */
async function loadJob(
  db: pg.Pool | pg.PoolClient,
  ids: string[],
  jobCreatedAt: Date | null,
  jobId: string | null,
): Promise<{ runs: number; rows: DeliveryToSend[] }> {
  const { rows } = await db.query<DeliveryToSend & { runs: number }>({
    name: "load-deliveries",
    text: LOAD_SQL,
    values: [ids, jobCreatedAt, jobId],
  });
  return { runs: rows[0]?.runs ?? 1, rows: shareEventData(rows) };
}

/**
 * Opens the pool's connections and prepares the delivery statements on each before the first job
 * (the load, the record, and `others`): a new connection's first load and record cost ~40 ms of
 * catalog loading and planning, which at start-up fell on the first seconds of deliveries. A failure
 * only means they start cold.
 */
export async function warmConnections(db: pg.Pool, count: number, ...others: ((client: pg.PoolClient) => Promise<void>)[]): Promise<void> {
  const clients: pg.PoolClient[] = [];
  try {
    for (let i = 0; i < count; i++) clients.push(await db.connect());
    await Promise.all(
      clients.map(async (client) => {
        await loadJob(client, [], null, null);
        await prepareRecord(client);
        for (const prepare of others) await prepare(client);
      }),
    );
  } catch (error) {
    log().warn({ err: error }, "the worker's connections could not be prepared: they start cold");
  } finally {
    for (const client of clients) client.release();
  }
}

/** Custom header values often carry credentials: the log keeps their names only. */
function loggedHeaders(sent: Record<string, string>, custom: Record<string, string>): Record<string, string> {
  const customNames = Object.keys(custom);
  if (customNames.length === 0) return sent;
  const hidden = new Set(customNames.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, hidden.has(k.toLowerCase()) ? "••••••" : v]));
}

/** The endpoint's format as the log records it ("emites", "standard+redacted"); null: the standard envelope. */
function formatOf(row: DeliveryToSend): string | null {
  if (row.payload_format === "standard" && !row.redact_personal) return null;
  return `${row.payload_format}${row.redact_personal ? "+redacted" : ""}`;
}

/** The body in the endpoint's format, and that format's name for the log (null: the standard envelope). */
export function bodyOf(row: DeliveryToSend): { body: string; format: string | null } {
  const format = formatOf(row);
  const body = bodyInFormat(format ?? "standard", {
    type: row.event_type,
    createdAt: row.event_created_at,
    dataJson: row.data,
    eventId: row.event_id,
    environment: row.environment,
  });
  return { body, format };
}

/** Sends one attempt of one delivery, signed with the endpoint's active secrets. */
export function attempt(row: DeliveryToSend, body = bodyOf(row).body) {
  return sendSigned({
    url: row.url,
    body,
    msgId: messageId(row.id),
    secrets: activeSecrets({
      secretCiphertext: row.secret_ciphertext,
      previousSecretCiphertext: row.previous_secret_ciphertext,
      previousSecretExpiresAt: row.previous_secret_expires_at,
    }),
    headers: { ...formatHeaders(row.payload_format), ...openHeaders(row.headers) },
  });
}

/** What the delivery becomes after an attempt: done, retried later, or failed for good. */
export function outcome(row: DeliveryToSend, trigger: JobTrigger, startedAt: Date, result: DeliverResult): AttemptRecord {
  const gone = result.statusCode === 410;
  let status: DeliveryStatus = "succeeded";
  let next: Date | null = null;
  if (!result.ok) {
    const delay = gone
      ? undefined
      : nextRetryDelay(row.retry_policy, {
          attempts: row.counted_attempts + 1,
          errorKind: result.errorKind,
          statusCode: result.statusCode,
          retryAfterSeconds: result.retryAfterSeconds,
        });
    if (trigger === "manual") {
      // a failed resend leaves a scheduled retry in place; otherwise the delivery stays as it was
      status = row.status === "retrying" || row.status === "pending" ? "retrying" : row.status;
      next = status === "retrying" ? row.next_attempt_at : null;
    } else if (delay === undefined) status = "failed";
    else {
      status = "retrying";
      next = new Date(startedAt.getTime() + result.durationMs + delay * 1000);
    }
  }
  const answered = result.statusCode !== undefined;
  return {
    delivery_id: row.id,
    endpoint_id: row.endpoint_id,
    trigger,
    started_at: startedAt.toISOString(),
    duration_ms: result.durationMs,
    request_headers: loggedHeaders(result.requestHeaders, row.headers),
    response_status: result.statusCode ?? null,
    response_headers: answered ? result.responseHeaders : null,
    response_body: answered ? result.responseBody : null,
    response_body_bytes: answered ? result.responseBodyBytes : null,
    response_body_truncated: result.responseBodyTruncated,
    error_kind: result.errorKind ?? null,
    error_message: result.errorKind ? (result.errorMessage ?? result.errorKind) : null,
    status,
    next_attempt_at: next?.toISOString() ?? null,
    gone,
  };
}

/** An attempt an earlier run of the job started and never recorded: the receiver may have it. */
function interrupted(row: DeliveryToSend, trigger: JobTrigger): AttemptRecord {
  return {
    delivery_id: row.id,
    endpoint_id: row.endpoint_id,
    trigger,
    started_at: new Date().toISOString(),
    duration_ms: 0,
    request_headers: {},
    response_status: null,
    response_headers: null,
    response_body: null,
    response_body_bytes: null,
    response_body_truncated: false,
    error_kind: "interrupted",
    error_message: "result unknown: the worker stopped while sending; the receiver may have received it",
    status: row.status,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    gone: false,
    body_format: formatOf(row),
  };
}

/** Send it, close it without an attempt, or leave it alone. */
function decide(row: DeliveryToSend, trigger: JobTrigger): "send" | "skip" | Closure {
  if (row.polling) return "skip";
  if (trigger === "manual") return row.deleted || !row.enabled || !canExpress(row.payload_format, row.event_type) ? "skip" : "send";
  // only what is still waiting and due: a job that runs again after its outcomes were recorded sends nothing twice,
  // and a job made before the delivery was released from `paused` leaves it to the jobs the release made
  if ((row.status !== "pending" && row.status !== "retrying") || !row.due || row.stale) return "skip";
  if (row.deleted) return { delivery_id: row.id, status: "cancelled", reason: "endpoint deleted" };
  // the endpoint's format was changed to one that cannot express this event after it was published
  if (!canExpress(row.payload_format, row.event_type)) {
    return {
      delivery_id: row.id,
      status: "cancelled",
      reason: `the payload format ${row.payload_format} cannot express ${row.event_type}`,
    };
  }
  if (!row.enabled) return { delivery_id: row.id, status: "paused", reason: "endpoint disabled" };
  return "send";
}

/** A job's bodies: one per event and format, shared by the deliveries that send it. */
type Bodies = (row: DeliveryToSend) => { body: string; format: string | null };

function bodiesOfJob(): Bodies {
  const made = new Map<string, { body: string; format: string | null }>();
  return (row) => {
    const key = `${row.event_id} ${row.payload_format} ${row.redact_personal}`;
    let body = made.get(key);
    if (!body) made.set(key, (body = bodyOf(row)));
    return body;
  };
}

async function send(row: DeliveryToSend, job: DeliverJob, limiter: EndpointLimiter, bodies: Bodies): Promise<Outcome> {
  // a delivery in its endpoint's queue, or one a person asked for, waits for its turn
  const slot = await limiter.acquire(row.endpoint_id, { patient: job.queued || job.trigger === "manual" });
  if (!slot.granted) {
    const queue = endpointQueue(row.endpoint_id, row.id, env.ENDPOINT_CONCURRENCY);
    return { job: { deliveries: [row.id], run_at: new Date().toISOString(), trigger: job.trigger, queue, priority: QUEUED_PRIORITY } };
  }
  let took: number | undefined;
  try {
    const { body, format } = bodies(row);
    const { startedAt, result } = await attempt(row, body);
    took = result.durationMs;
    const record = { ...outcome(row, job.trigger, startedAt, result), body_format: format };
    const retry = record.status === "retrying" && job.trigger !== "manual" && record.next_attempt_at;
    if (!retry) return { attempt: record };
    const key = retryKey(row.endpoint_id, new Date(retry));
    return { attempt: record, job: { deliveries: [row.id], run_at: retry, trigger: "auto", priority: RETRY_PRIORITY, key } };
  } finally {
    limiter.release(row.endpoint_id, took);
  }
}

export interface DispatchContext {
  limiter: EndpointLimiter;
  /** graphile-worker's id of the job: marks it started, to tell a cut-short earlier run */
  jobId?: string;
  /** when the job was made */
  jobCreatedAt?: Date;
}

const OPEN = new Set<DeliveryStatus>(["pending", "retrying", "paused", "waiting"]);
/** What a job sends (when due); a delivery in another state was left alone, or ended by someone else. */
const OPEN_TO_SEND = new Set<DeliveryStatus>(["pending", "retrying"]);

const waits = (row: DeliveryToSend): Outcome => ({
  closure: { delivery_id: row.id, status: "waiting", reason: "waiting for the previous delivery of this invoice" },
});

/** Whether an outcome leaves the delivery open: its invoice's later deliveries keep waiting. */
function leavesOpen(outcome: Outcome, row: DeliveryToSend): boolean {
  if (outcome.attempt) return outcome.attempt.status !== "succeeded" && outcome.attempt.status !== "failed";
  return outcome.closure?.status !== "cancelled" && OPEN.has(row.status);
}

/**
 * One invoice's deliveries to an endpoint that orders per invoice, in sequence order: each is sent
 * once the one before it has ended (succeeded or failed for good); from the first that stays open,
 * the rest wait for it (released when it ends: lib/webhooks/engine/ordering.ts).
 */
async function sendInOrder(chain: DeliveryToSend[], job: DeliverJob, limiter: EndpointLimiter, bodies: Bodies): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let blocked = false;
  for (const row of chain) {
    const decision = decide(row, job.trigger);
    if (decision === "skip") {
      blocked ||= OPEN.has(row.status) && !row.polling;
      continue;
    }
    if (decision !== "send") {
      const closed = { closure: decision };
      outcomes.push(closed);
      blocked ||= leavesOpen(closed, row);
      continue;
    }
    if (blocked || row.held) {
      outcomes.push(waits(row));
      blocked = true;
      continue;
    }
    const sent = await send(row, job, limiter, bodies);
    outcomes.push(sent);
    blocked = leavesOpen(sent, row);
  }
  return outcomes;
}

/** The `deliver` task. */
export async function runDeliverJob(db: pg.Pool, job: DeliverJob, context: DispatchContext): Promise<void> {
  const loaded = await loadJob(db, job.deliveries, context.jobCreatedAt ?? null, context.jobId ?? null);
  await runLoadedJob(db, job, loaded, context);
}

/**
 * A job whose deliveries are loaded (and which is marked started: `runs`). `ownedBy`: the fresh
 * jobs' owner that locked the job itself (fresh-jobs.ts); its record statement also deletes the job.
 */
export async function runLoadedJob(
  db: pg.Pool,
  job: DeliverJob,
  { runs, rows }: { runs: number; rows: DeliveryToSend[] },
  { limiter, jobId, ownedBy }: DispatchContext & { ownedBy?: string },
): Promise<void> {
  const outcomes: Outcome[] = [];
  const sending: DeliveryToSend[] = [];
  const chains = new Map<string, DeliveryToSend[]>();
  for (const row of rows) {
    // a resend a person asked for goes now (the API refuses one whose invoice has an earlier one open)
    if (row.chain && job.trigger !== "manual") {
      chains.set(row.chain, [...(chains.get(row.chain) ?? []), row]);
      continue;
    }
    const decision = decide(row, job.trigger);
    if (decision === "send") sending.push(row);
    else if (decision !== "skip") outcomes.push({ closure: decision });
  }
  const ordered = [...chains.values()].map((chain) => chain.sort((a, b) => a.sequence! - b.sequence!));
  // an earlier run of this job was cut short: what it may have been sending is on the record before
  // it goes again (of an ordered invoice, any of those it could send one after the other) — also what
  // was paused, cancelled, discarded or ended by another job since, which this run leaves alone
  const endedMeanwhile = rows.filter((row) => !row.chain && !row.polling && !row.stale && !OPEN_TO_SEND.has(row.status));
  const cut = [
    ...sending,
    ...(job.trigger === "manual" ? [] : endedMeanwhile),
    ...ordered.flatMap((chain) => chain.filter((row) => decide(row, job.trigger) === "send" && !row.held)),
  ];
  if (runs > 1 && cut.length)
    await recordOutcomes(
      db,
      cut.map((row) => ({ attempt: interrupted(row, job.trigger) })),
    );
  const bodies = bodiesOfJob();
  const results = await Promise.all([
    ...sending.map((row) => send(row, job, limiter, bodies).then((o) => [o])),
    ...ordered.map((chain) => sendInOrder(chain, job, limiter, bodies)),
  ]);
  outcomes.push(...results.flat());
  await recordOutcomes(db, outcomes, { finishedJob: jobId, ownedBy });
}
