// Shared pieces of the delivery-engine tests: bounded waiting, accounts/endpoints/events, reading the
// delivery state back, and worker processes (`scripts/worker.ts`) that are always stopped afterwards.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { z } from "zod";
import { ensureAccount } from "@/lib/auth/accounts";
import { pool } from "@/lib/db";
import { createEndpoint } from "@/lib/webhooks/endpoints/store";
import { getEventType } from "@/lib/webhooks/catalog";
import type { AttemptRow as LogAttemptRow } from "@/lib/webhooks/log/deliveries";
import { publishEvent, type PublishedDelivery } from "@/lib/webhooks/engine/publish";
import { runDeliverJob } from "@/lib/webhooks/engine/dispatch";
import type { AttemptRecord } from "@/lib/webhooks/engine/record";
import { DEFAULT_LIMITS, EndpointLimiter } from "@/lib/webhooks/engine/endpoint-limiter";
import type { JobTrigger } from "@/lib/webhooks/engine/job";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";

const root = path.resolve(import.meta.dirname, "..");
let workerDataDir: string | undefined;

// ---------- waiting ----------

/** Polls `check` until it returns something truthy (returned), or fails after `timeoutMs` naming `what`. */
type Falsy = false | 0 | "" | null | undefined;

export async function waitFor<T>(
  what: string,
  check: () => T | Falsy | Promise<T | Falsy>,
  { timeoutMs = 15_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---------- accounts, endpoints, events ----------

export async function newOrganization(label = "engine"): Promise<string> {
  const name = `${label}-${randomUUID().slice(0, 8)}`;
  const { user } = await ensureAccount(`${name}@example.test`, name);
  return user.organizationId;
}

export async function newEndpoint(organizationId: string, input: z.input<typeof createEndpointSchema>) {
  const { endpoint, secret } = await createEndpoint(organizationId, createEndpointSchema.parse({ ...input, skip_verification: true }));
  return { id: endpoint.id, secret };
}

/** Valid `data` for `type` (the catalog's example), with some fields replaced. */
export function invoiceData(overrides: Record<string, unknown> = {}, type = "nfe.authorized"): Record<string, unknown> {
  return { ...structuredClone(getEventType(type)!.example as Record<string, unknown>), ...overrides };
}

/** Publishes `count` nfe.authorized events, `parallel` at a time; returns every delivery created. */
export async function publishMany(organizationId: string, count: number, parallel = 16): Promise<PublishedDelivery[]> {
  const deliveries: PublishedDelivery[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, () =>
      publishEvent(organizationId, { type: "nfe.authorized", data: invoiceData() }),
    );
    for (const published of await Promise.all(batch)) deliveries.push(...published.deliveries);
  }
  return deliveries;
}

// ---------- running the worker's task in the test process ----------

const limiter = new EndpointLimiter({ ...DEFAULT_LIMITS, limit: 10, patientWaitMs: 15_000 });

/** Runs one `deliver` job for `ids` here, as a worker would (no worker process needed). */
export function runJob(ids: string[], trigger: JobTrigger = "auto", jobId?: string) {
  return runDeliverJob(pool(), { deliveries: ids, trigger, queued: false }, { limiter, jobId });
}

// ---------- reading state back ----------

export interface DeliveryState {
  id: string;
  endpoint_id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: Date | null;
}

export async function deliveryStates(ids: string[]): Promise<DeliveryState[]> {
  const { rows } = await pool().query<DeliveryState>(
    `SELECT id, endpoint_id, status::text, attempt_count, next_attempt_at FROM deliveries WHERE id = ANY ($1::uuid[]) ORDER BY created_at, id`,
    [ids],
  );
  return rows;
}

export async function deliveryState(id: string): Promise<DeliveryState> {
  const [row] = await deliveryStates([id]);
  if (!row) throw new Error(`no delivery ${id}`);
  return row;
}

/** How many of `ids` have each status. */
export async function statusCounts(ids: string[]): Promise<Record<string, number>> {
  const { rows } = await pool().query<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM deliveries WHERE id = ANY ($1::uuid[]) GROUP BY status`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** An attempt as the log reads it, without its id. */
export type AttemptRow = Omit<LogAttemptRow, "id">;

export async function attemptsOf(deliveryId: string): Promise<AttemptRow[]> {
  const { rows } = await pool().query<AttemptRow>(
    `SELECT number, trigger::text, started_at, duration_ms, request_headers, response_status, response_headers, response_body,
       response_body_truncated, error_kind, error_message
     FROM attempts WHERE delivery_id = $1 ORDER BY number, id`,
    [deliveryId],
  );
  return rows;
}

export async function endpointState(id: string) {
  const { rows } = await pool().query<{
    enabled: boolean;
    disabled_reason: string | null;
    disabled_at: Date | null;
    consecutive_failures: number;
    failing_since: Date | null;
  }>(`SELECT enabled, disabled_reason, disabled_at, consecutive_failures, failing_since FROM endpoints WHERE id = $1`, [id]);
  return rows[0]!;
}

/** graphile-worker jobs (queued or running) whose payload names any of `deliveryIds`. */
export async function jobsFor(deliveryIds: string[]): Promise<{ id: string; run_at: Date; locked_by: string | null }[]> {
  const { rows } = await pool().query(
    `SELECT id::text, run_at, locked_by FROM graphile_worker._private_jobs WHERE (payload::jsonb -> 'deliveries') ?| $1::text[]`,
    [deliveryIds],
  );
  return rows;
}

/** Every graphile-worker job as its own view shows it, with its payload, oldest first. */
export async function graphileJobs(): Promise<Record<string, unknown>[]> {
  const { rows } = await pool().query(
    `SELECT j.task_identifier, p.payload, j.queue_name, j.key, j.attempts, j.max_attempts, j.priority, j.flags, j.locked_at, j.run_at
       FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id ORDER BY j.id`,
  );
  return rows;
}

/** A deliver job as graphile-worker's view shows it when added outside any queue (graphileJobs without run_at). */
export function expectedDeliverJob(payload: Record<string, unknown>): Record<string, unknown> {
  return {
    task_identifier: "deliver",
    payload,
    queue_name: null,
    key: null,
    attempts: 0,
    max_attempts: 25,
    priority: 0,
    flags: null,
    locked_at: null,
  };
}

/** What dispatch records for one HTTP attempt: a 200 that succeeded unless `overrides` say otherwise. */
export function attemptRecord(deliveryId: string, endpointId: string, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    delivery_id: deliveryId,
    endpoint_id: endpointId,
    trigger: "auto",
    started_at: new Date().toISOString(),
    duration_ms: 3,
    request_headers: {},
    response_status: 200,
    response_headers: {},
    response_body: "",
    response_body_bytes: 0,
    response_body_truncated: false,
    error_kind: null,
    error_message: null,
    status: "succeeded",
    next_attempt_at: null,
    gone: false,
    ...overrides,
  };
}

// ---------- worker processes ----------

export interface WorkerProcess {
  pid: number;
  output(): string;
  /** resolves once the process prints that it is running */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs` */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<WorkerProcess>();

/**
 * `scripts/worker.ts` as its own process against this file's database (or `env.DATABASE_URL`). The
 * launcher's watchdog is preloaded, so a worker also exits if this test process dies.
 */
export function spawnWorker(env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      path.join(root, "scripts/watchdog.mjs"),
      "--import",
      path.join(root, "scripts/server-only.mjs"),
      "--import",
      "tsx",
      path.join(root, "scripts/worker.ts"),
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "test",
        DATA_DIR: (workerDataDir ??= mkdtempSync(path.join(tmpdir(), "nfe-worker-"))),
        DATABASE_URL: process.env.DATABASE_URL,
        ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
        ALLOW_PRIVATE_WEBHOOK_URLS: "true",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("delivery worker running")) markReady();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const worker: WorkerProcess = {
    pid: child.pid!,
    output: () => output,
    ready: Promise.race([
      ready,
      exited.then(({ code, signal }) => Promise.reject(new Error(`worker exited (${signal ?? code}) before it was ready:\n${output}`))),
    ]),
    exited,
    stop: async (graceMs = 20_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  running.add(worker);
  void exited.then(() => running.delete(worker));
  return worker;
}

/** For afterAll: every worker this file spawned and that still runs is killed, and awaited. */
export async function killWorkers(): Promise<void> {
  for (const worker of running) {
    try {
      process.kill(worker.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await Promise.all([...running].map((worker) => worker.exited));
}
