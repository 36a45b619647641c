// One `deliver` job: load its deliveries (one query), send each to its endpoint concurrently,
// then record every outcome and schedule retries in one statement (lib/webhooks/engine/record.ts).
// A delivery whose endpoint has no free slot, or is slow, moves to one of its endpoint's own
// queues instead of holding the job (and the other endpoints' deliveries in it).
import type pg from "pg";
import { env } from "@/lib/env";
import { decrypt } from "@/lib/crypto/secret-box";
import { deliver, type DeliverResult } from "@/lib/webhooks/outbound/deliver";
import { envelopeFromJson, messageId } from "@/lib/webhooks/outbound/envelope";
import { acquireSlot, isSlow, releaseSlot, SLOT_WAIT_MS } from "@/lib/webhooks/engine/endpoint-slots";
import { nextRetryDelay } from "@/lib/webhooks/engine/retry";
import { webhookHeaders } from "@/lib/webhooks/outbound/signing";
import { recordOutcomes, type AttemptRecord, type Cancellation, type JobToAdd } from "@/lib/webhooks/engine/record";

export type Trigger = "auto" | "manual" | "recover";

export interface DeliverJobPayload {
  d: string[];
  /** a job in one of its endpoint's queues (see endpointQueue) */
  q?: boolean | null;
  t?: "auto" | "recover" | null;
}

/**
 * Deliveries that found no free slot wait in one of K named graphile-worker queues of their
 * endpoint (K = ENDPOINT_CONCURRENCY). A named queue runs one job at a time, so at most K of them
 * are in flight across every worker process, and a waiting one costs nothing (no polling, no
 * backoff) until its queue frees up. They run after the shared fan-out jobs (lower priority), so
 * a backlog behind a slow endpoint never delays the others.
 */
export function endpointQueue(endpointId: string, k = env.ENDPOINT_CONCURRENCY): string {
  return `endpoint:${endpointId}:${Math.floor(Math.random() * k)}`;
}
const QUEUED_PRIORITY = 10;

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: Date | null;
  event_type: string;
  event_created_at: Date;
  data: string;
  url: string;
  headers: Record<string, string>;
  retry_policy: string;
  enabled: boolean;
  deleted: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

const LOAD_SQL = `
SELECT d.id, d.endpoint_id, d.status, d.attempt_count, d.next_attempt_at, d.event_type, ev.created_at AS event_created_at, ev.data::text AS data,
  e.url, e.headers, e.retry_policy, e.enabled, e.deleted_at IS NOT NULL AS deleted, e.secret_ciphertext AS secret,
  e.previous_secret_ciphertext AS previous_secret, e.previous_secret_expires_at
FROM deliveries d JOIN events ev ON ev.id = d.event_id JOIN endpoints e ON e.id = d.endpoint_id
WHERE d.id = ANY ($1::uuid[])`;

export function loadDeliveries(db: pg.Pool | pg.PoolClient, ids: string[]): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>({ name: "load-deliveries", text: LOAD_SQL, values: [ids] }).then((r) => r.rows);
}

function secretsOf(row: DeliveryRow, now: Date): string[] {
  const previous =
    row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > now ? [decrypt(row.previous_secret)] : [];
  return [decrypt(row.secret), ...previous];
}

/** Custom header values often carry credentials: the log keeps their names only. */
function loggedHeaders(sent: Record<string, string>, custom: Record<string, string>): Record<string, string> {
  const customNames = new Set(Object.keys(custom).map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, customNames.has(k.toLowerCase()) ? "••••••" : v]));
}

/** Sends one attempt of one delivery (signing, custom headers, timeouts). */
export async function attempt(row: DeliveryRow): Promise<{ startedAt: Date; result: DeliverResult }> {
  const startedAt = new Date();
  const body = envelopeFromJson(row.event_type, row.event_created_at, row.data);
  const signed = webhookHeaders({
    msgId: messageId(row.id),
    timestampSeconds: Math.floor(startedAt.getTime() / 1000),
    body,
    secrets: secretsOf(row, startedAt),
  });
  const result = await deliver({
    url: row.url,
    body,
    headers: { ...row.headers, ...signed },
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    connectTimeoutMs: env.WEBHOOK_CONNECT_TIMEOUT_MS,
    allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_URLS,
  });
  return { startedAt, result };
}

/** What the delivery becomes after an attempt: done, retried later, or failed for good. */
export function outcome(row: DeliveryRow, trigger: Trigger, startedAt: Date, result: DeliverResult): AttemptRecord {
  const number = row.attempt_count + 1;
  const gone = result.statusCode === 410;
  let status: AttemptRecord["status"] = "succeeded";
  let next: Date | null = null;
  if (!result.ok) {
    const delay = gone
      ? undefined
      : nextRetryDelay(row.retry_policy, {
          attempts: number,
          errorKind: result.errorKind,
          statusCode: result.statusCode,
          retryAfterSeconds: result.retryAfterSeconds,
        });
    if (trigger === "manual") {
      // a failed resend leaves a scheduled retry in place; otherwise the delivery stays failed
      status = row.status === "retrying" || row.status === "pending" ? "retrying" : "failed";
      next = status === "retrying" ? row.next_attempt_at : null;
    } else if (delay === undefined) status = "failed";
    else {
      status = "retrying";
      next = new Date(startedAt.getTime() + result.durationMs + delay * 1000);
    }
  }
  return {
    delivery_id: row.id,
    endpoint_id: row.endpoint_id,
    number,
    trigger,
    started_at: startedAt.toISOString(),
    duration_ms: result.durationMs,
    request_headers: loggedHeaders(result.requestHeaders, row.headers),
    response_status: result.statusCode ?? null,
    response_headers: result.statusCode === undefined ? null : result.responseHeaders,
    response_body: result.statusCode === undefined ? null : result.responseBody,
    response_body_truncated: result.responseBodyTruncated,
    error_kind: result.errorKind ?? null,
    error_message: result.errorKind ? (result.errorMessage ?? result.errorKind) : null,
    status,
    next_attempt_at: next?.toISOString() ?? null,
    gone,
  };
}

/** The `deliver` task: every delivery of the payload that is still due gets one attempt. */
export async function runDeliverJob(db: pg.Pool, payload: DeliverJobPayload): Promise<void> {
  const trigger: Trigger = payload.t === "recover" ? "recover" : "auto";
  const queued = payload.q === true;
  const rows = await loadDeliveries(db, payload.d);
  const cancellations: Cancellation[] = [];
  const parked: DeliveryRow[] = [];
  const sending: Promise<AttemptRecord | undefined>[] = [];
  for (const row of rows) {
    if (row.status !== "pending" && row.status !== "retrying") continue;
    if (row.deleted || !row.enabled) {
      cancellations.push({ delivery_id: row.id, reason: row.deleted ? "endpoint deleted" : "endpoint disabled" });
      continue;
    }
    if (!queued && isSlow(row.endpoint_id)) {
      parked.push(row);
      continue;
    }
    sending.push(
      // in its endpoint's queue a delivery may wait as long as a request may take: it holds no one up
      acquireSlot(row.endpoint_id, queued ? env.WEBHOOK_TIMEOUT_MS : SLOT_WAIT_MS, { waitThroughStalls: queued }).then(async (acquired) => {
        if (!acquired) return void parked.push(row);
        let took: number | undefined;
        try {
          const { startedAt, result } = await attempt(row);
          took = result.durationMs;
          return outcome(row, trigger, startedAt, result);
        } finally {
          releaseSlot(row.endpoint_id, took);
        }
      }),
    );
  }
  const attempts = (await Promise.all(sending)).filter((a): a is AttemptRecord => a !== undefined);
  const now = new Date().toISOString();
  const jobs: JobToAdd[] = [
    ...attempts
      .filter((a) => a.status === "retrying" && a.next_attempt_at)
      .map((a) => ({ ids: [a.delivery_id], run_at: a.next_attempt_at!, trigger: "auto" as const })),
    ...parked.map((row) => ({
      ids: [row.id],
      run_at: now,
      trigger: payload.t ?? ("auto" as const),
      queue: endpointQueue(row.endpoint_id),
      priority: QUEUED_PRIORITY,
    })),
  ];
  await recordOutcomes(db, attempts, cancellations, jobs);
}
