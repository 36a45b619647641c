// The delivery soak: thousands of invoice events to receivers that misbehave, while worker processes
// are SIGKILLed and (in the full run) PostgreSQL restarts — then the promise is checked: nothing
// lost, every signature valid, nothing stuck, duplicates only around a kill, the log accounting for
// every request the receivers saw, and a bystander organization never hurt. Used by `npm run soak`
// (scripts/soak.ts, its own embedded PostgreSQL) and, shorter, by scripts/soak/soak.test.ts.
import type { ServerResponse } from "node:http";
import { pool } from "@/lib/db";
import { settlePaused } from "@/lib/webhooks/engine/paused";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { sign } from "@/lib/webhooks/outbound/signing";
import { invoiceData, killWorkers, newEndpoint, newOrganization, spawnWorker, type WorkerProcess } from "@/test/engine-helpers";
import { signatures, startReceiver, type ReceivedRequest, type Receiver } from "@/test/receiver";

export interface SoakOptions {
  events: number;
  /** how long publishing lasts */
  publishMs: number;
  killEveryMs: number;
  /** restart PostgreSQL once mid-run (the caller owns the cluster) */
  restartPostgres?: () => Promise<void>;
  /** how long the calm phase may take to settle every delivery */
  settleMs: number;
  log?: (line: string) => void;
}

type Behaviour = "healthy" | "flaky" | "resets" | "throttles" | "slow" | "odd_bodies" | "toggled" | "ordered" | "bystander";

interface Hook {
  behaviour: Behaviour;
  organizationId: string;
  endpointId: string;
  secret: string;
  receiver: Receiver;
  /** webhook-id → times answered 2xx, with when */
  ok: Map<string, number[]>;
  badSignatures: number;
  /** every request's invoice and place in it, when it arrived, and whether it was answered 2xx */
  arrivals: { key: string; sequence: number; at: number; ok: boolean }[];
}

/** Invoices of three events each: per-invoice ordering has something to order. */
const accessKeyOf = (n: number) => `35${String(Math.floor(n / 3)).padStart(42, "0")}`;

export interface SoakResult {
  rows: [string, string | number][];
  failures: string[];
}

const WORKER_ENV = {
  // 13 attempts in ~30 s: a receiver that fails 30 % of requests at random fails all of a delivery's
  // attempts with 0.3¹³ ≈ 1.6·10⁻⁷ (~0.1 % of soaks); with the 9 attempts of "1,1,2,2,3,3,3,3" it was
  // 0.3⁹ ≈ 2·10⁻⁵ a delivery, one soak in ten or so ending with a delivery `failed` by chance
  WEBHOOK_RETRY_SCHEDULE: "1,1,1,2,2,2,3,3,3,3,3,3",
  WEBHOOK_TIMEOUT_MS: "2000",
  WEBHOOK_CONNECT_TIMEOUT_MS: "1000",
  AUTO_DISABLE_AFTER_FAILURES: "12",
  WORKER_DEAD_AFTER_SECONDS: "2",
  WORKER_CONCURRENCY: "16",
};

const TOLERANCE_SECONDS = 300;

function verified(request: ReceivedRequest, secret: string): boolean {
  const id = String(request.headers["webhook-id"] ?? "");
  const timestamp = Number(request.headers["webhook-timestamp"]);
  if (!id || !Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = sign(secret, id, timestamp, request.body);
  return signatures(request).includes(expected);
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  let calm = false;
  let toggledFailing = true;
  const chance = (p: number) => !calm && Math.random() < p;

  const hooks: Hook[] = [];
  const answerFor = (hook: () => Hook) => (request: ReceivedRequest, res: ServerResponse) => {
    const h = hook();
    if (request.type === "webhook.test") return void res.writeHead(200).end();
    if (!verified(request, h.secret)) h.badSignatures++;
    if (h.behaviour === "ordered") {
      const { data } = JSON.parse(request.body) as { data: { access_key: string; sequence: number } };
      const arrival = { key: data.access_key, sequence: data.sequence, at: Date.now(), ok: false };
      h.arrivals.push(arrival);
      res.on("finish", () => (arrival.ok = res.statusCode < 300));
    }
    const ok = () => {
      res.on("finish", () => {
        const times = h.ok.get(request.webhookId) ?? [];
        times.push(Date.now());
        h.ok.set(request.webhookId, times);
      });
    };
    switch (h.behaviour) {
      case "flaky":
        if (chance(0.3)) return void res.writeHead(500).end("erro interno");
        break;
      case "resets":
        if (chance(0.2)) return void res.socket?.destroy();
        break;
      case "throttles":
        if (chance(0.2)) return void res.writeHead(429, { "retry-after": "1" }).end();
        break;
      case "slow":
        if (chance(0.05)) return void setTimeout(() => res.writeHead(200).end("tarde demais"), 3_000); // past the timeout
        if (!calm) {
          ok();
          return void setTimeout(() => res.writeHead(200).end("ok"), Math.random() * 1_200);
        }
        break;
      case "odd_bodies":
        ok();
        return void res
          .writeHead(200, { "content-type": "application/octet-stream" })
          .end(Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xfe, 0x00, 0xc3]));
      case "toggled":
        if (toggledFailing) return void res.writeHead(500).end("fora do ar");
        break;
      case "ordered":
        if (chance(0.3)) return void res.writeHead(500).end("erro interno");
        break;
    }
    ok();
    res.writeHead(200).end("ok");
  };

  const organization = await newOrganization("soak");
  const bystanderOrganization = await newOrganization("bystander");
  const behaviours: Behaviour[] = ["healthy", "flaky", "resets", "throttles", "slow", "odd_bodies", "toggled", "ordered"];
  for (const behaviour of [...behaviours, "bystander" as const]) {
    const holder: { hook?: Hook } = {};
    const receiver = await startReceiver(
      answerFor(() => holder.hook!),
      { keepAliveTimeout: 5_000 },
    );
    const org = behaviour === "bystander" ? bystanderOrganization : organization;
    const ordering = behaviour === "ordered" ? "per_invoice" : "none";
    const { id, secret } = await newEndpoint(org, { url: `${receiver.url}/${behaviour}`, ordering });
    holder.hook = { behaviour, organizationId: org, endpointId: id, secret, receiver, ok: new Map(), badSignatures: 0, arrivals: [] };
    hooks.push(holder.hook);
  }

  const workers: WorkerProcess[] = [];
  const kills: number[] = [];
  const startWorker = async () => {
    const worker = spawnWorker(WORKER_ENV);
    workers.push(worker);
    await worker.ready;
  };
  await Promise.all([startWorker(), startWorker()]);
  log(`▸ ${hooks.length} receivers, 2 workers; publishing ${options.events} events over ${options.publishMs / 1000} s`);

  // publishing: a steady rate, several publishers, retried while the database is away
  const deliveryIds: string[] = [];
  let published = 0;
  let publishErrors = 0;
  const interval = options.publishMs / options.events;
  const publishOne = async (n: number) => {
    const org = n % 4 === 0 ? bystanderOrganization : organization;
    for (let attempt = 0; attempt < 60; attempt++) {
      try {
        const data = invoiceData({ number: String(n), access_key: accessKeyOf(n) });
        const result = await publishEvent(org, { type: "nfe.authorized", data, id: `soak-${n}` });
        deliveryIds.push(...result.deliveries.map((d) => d.id));
        published++;
        return;
      } catch {
        publishErrors++;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error(`event ${n} could not be published in 30 s`);
  };
  const publishing = (async () => {
    const inFlight = new Set<Promise<void>>();
    for (let n = 0; n < options.events; n++) {
      const target = started + n * interval;
      if (target > Date.now()) await new Promise((r) => setTimeout(r, target - Date.now()));
      const p = publishOne(n).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 16) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  })();

  // chaos: a worker SIGKILLed every killEveryMs (and replaced), PostgreSQL restarted once
  let restarts = 0;
  const chaos = (async () => {
    let next = Date.now() + options.killEveryMs;
    let restarted = !options.restartPostgres;
    while (Date.now() < started + options.publishMs) {
      await new Promise((r) => setTimeout(r, 250));
      if (!restarted && Date.now() > started + options.publishMs / 2) {
        restarted = true;
        log("▸ restarting PostgreSQL");
        kills.push(Date.now());
        await options.restartPostgres!();
        restarts++;
      }
      if (Date.now() < next) continue;
      next = Date.now() + options.killEveryMs;
      const victim = workers.shift();
      if (!victim) continue;
      kills.push(Date.now());
      log(`▸ SIGKILL worker ${victim.pid}`);
      process.kill(victim.pid, "SIGKILL");
      await startWorker();
    }
  })();

  // failures still in flight when it is enabled may disable it again (they count): enable again, as a person would
  let reDisabled = 0;
  const reEnable = async (hook: Hook) => {
    for (let tries = 0; ; tries++) {
      await updateEndpoint(hook.organizationId, hook.endpointId, updateEndpointSchema.parse({ enabled: true }));
      try {
        return void (await settlePaused(hook.organizationId, hook.endpointId, { action: "deliver" }, "soak"));
      } catch (error) {
        if (tries >= 10) throw error;
        reDisabled++;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };

  // the toggled endpoint fails until auto-disabled, then answers again and is re-enabled mid-run
  let disabledSeen = 0;
  const toggling = (async () => {
    const deadline = started + options.publishMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const toggled = hooks.find((h) => h.behaviour === "toggled")!;
      const { rows } = await pool()
        .query<{ enabled: boolean }>(`SELECT enabled FROM endpoints WHERE id = $1`, [toggled.endpointId])
        .catch(() => ({ rows: [] as { enabled: boolean }[] }));
      if (rows[0] && !rows[0].enabled) {
        disabledSeen++;
        log("▸ the failing endpoint was disabled: it answers again, re-enabled, its paused deliveries delivered");
        toggledFailing = false;
        await reEnable(toggled);
        return;
      }
    }
  })();

  await Promise.all([publishing, chaos, toggling]);
  log(`▸ published ${published} events (${deliveryIds.length} deliveries); calm: every receiver answers 200`);
  calm = true;
  toggledFailing = false;

  // endpoints a receiver's bad luck disabled get what they kept, as a user would do
  const settleDeadline = Date.now() + options.settleMs;
  while (Date.now() < settleDeadline) {
    const { rows: disabled } = await pool().query<{ id: string; organization_id: string }>(
      `SELECT id, organization_id FROM endpoints WHERE id = ANY($1::uuid[]) AND NOT enabled`,
      [hooks.map((h) => h.endpointId)],
    );
    for (const row of disabled) await reEnable(hooks.find((h) => h.endpointId === row.id)!);
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'retrying', 'paused', 'waiting')`,
      [deliveryIds],
    );
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // what holds deliveries that are still open, if any (a diagnosis for the table)
  const { rows: holders } = await pool().query<{ state: string; n: number }>(
    `SELECT CASE WHEN j.id IS NULL THEN 'no job' WHEN j.locked_by IS NOT NULL THEN 'job locked by ' || j.locked_by
       WHEN j.run_at > now() THEN 'job waiting to run' ELSE 'job ready' || coalesce(' in ' || q.queue_name, '') END AS state, count(*)::int AS n
     FROM deliveries d
     LEFT JOIN graphile_worker._private_jobs j ON j.payload::jsonb->'deliveries' ? d.id::text
     LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
     WHERE d.id = ANY($1::uuid[]) AND d.status IN ('pending', 'retrying') GROUP BY 1`,
    [deliveryIds],
  );
  // a moment for answers still being written to be counted
  await new Promise((r) => setTimeout(r, 300));
  await Promise.all(workers.map((w) => w.stop()));
  await killWorkers();

  // ---------- what happened ----------
  const { rows: statusRows } = await pool().query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM deliveries WHERE id = ANY($1::uuid[]) GROUP BY status`,
    [deliveryIds],
  );
  const statuses = Object.fromEntries(statusRows.map((r) => [r.status, r.n]));
  const { rows: attemptRows } = await pool().query<{ endpoint_id: string; total: number; interrupted: number }>(
    `SELECT endpoint_id, count(*)::int AS total, count(*) FILTER (WHERE error_kind = 'interrupted')::int AS interrupted
     FROM attempts WHERE delivery_id = ANY($1::uuid[]) GROUP BY endpoint_id`,
    [deliveryIds],
  );
  const { rows: ids } = await pool().query<{ id: string; endpoint_id: string; webhook_id: string; logged: number; logged_ok: number }>(
    `SELECT d.id, d.endpoint_id, 'msg_' || replace(d.id::text, '-', '') AS webhook_id,
       (SELECT count(*)::int FROM attempts a WHERE a.delivery_id = d.id) AS logged,
       (SELECT count(*)::int FROM attempts a WHERE a.delivery_id = d.id AND a.response_status BETWEEN 200 AND 299) AS logged_ok
     FROM deliveries d WHERE d.id = ANY($1::uuid[])`,
    [deliveryIds],
  );
  const nearKill = (at: number) => kills.some((k) => at >= k - 5_000 && at <= k + 30_000);
  // a receiver that answered after our timeout (or whose answer was cut) got it again by design
  const { rows: unsure } = await pool().query<{ delivery_id: string }>(
    `SELECT DISTINCT delivery_id FROM attempts WHERE delivery_id = ANY($1::uuid[]) AND error_kind IN ('timeout', 'connect', 'interrupted')`,
    [deliveryIds],
  );
  const answeredLate = new Set(unsure.map((r) => r.delivery_id));
  let delivered = 0;
  let duplicates = 0;
  let duplicatesAwayFromKills = 0;
  let bystanderDuplicatesAwayFromKills = 0;
  const awayByEndpoint = new Map<string, number>();
  const hookOf = new Map(hooks.map((h) => [h.endpointId, h]));
  const seenById = new Map(hooks.map((h) => [h.endpointId, h.receiver.countsById()]));
  // the log against what each receiver saw, delivery by delivery: a request seen but not logged is a
  // hole in the log (allowed only for requests in flight when a worker was killed); a 2xx logged that
  // the receiver never gave is a lie (never allowed). Logged but not seen is honest: a timeout, a
  // refused or cut connection, an interrupted attempt — requests we may have sent.
  let unlogged = 0;
  let loggedNotSeen = 0;
  let phantomSuccesses = 0;
  for (const row of ids) {
    const hook = hookOf.get(row.endpoint_id)!;
    const times = hook.ok.get(row.webhook_id) ?? [];
    const seen = seenById.get(row.endpoint_id)!.get(row.webhook_id) ?? 0;
    unlogged += Math.max(0, seen - row.logged);
    loggedNotSeen += Math.max(0, row.logged - seen);
    phantomSuccesses += Math.max(0, row.logged_ok - times.length);
    if (times.length) delivered++;
    if (times.length > 1) {
      duplicates += times.length - 1;
      if (!times.slice(1).some(nearKill) && !answeredLate.has(row.id)) {
        duplicatesAwayFromKills++;
        awayByEndpoint.set(hook.behaviour, (awayByEndpoint.get(hook.behaviour) ?? 0) + 1);
        if (hook.behaviour === "bystander") bystanderDuplicatesAwayFromKills++;
      }
    }
  }
  // per-invoice ordering: no event of an invoice reached the ordered endpoint before the one before it was accepted
  const ordered = hooks.find((h) => h.behaviour === "ordered")!;
  const byInvoice = Map.groupBy(ordered.arrivals, (a) => a.key);
  let pairsChecked = 0;
  let outOfOrder = 0;
  for (const arrivals of byInvoice.values()) {
    const first = (sequence: number, ok = false) =>
      Math.min(...arrivals.filter((a) => a.sequence === sequence && (!ok || a.ok)).map((a) => a.at));
    for (let sequence = 2; arrivals.some((a) => a.sequence === sequence); sequence++) {
      pairsChecked++;
      if (first(sequence) < first(sequence - 1, true)) outOfOrder++;
    }
  }
  const requestsSeen = hooks.reduce((sum, h) => sum + h.receiver.requests.filter((r) => r.type !== "webhook.test").length, 0);
  const attempts = attemptRows.reduce((sum, r) => sum + r.total, 0);
  const interrupted = attemptRows.reduce((sum, r) => sum + r.interrupted, 0);
  const badSignatures = hooks.reduce((sum, h) => sum + h.badSignatures, 0);
  const lost = deliveryIds.length - delivered;
  const stuck = (statuses.pending ?? 0) + (statuses.retrying ?? 0) + (statuses.paused ?? 0) + (statuses.waiting ?? 0);
  // a request in flight when its worker died may never be recorded (the re-run records it as interrupted)
  const allowance = (kills.length + restarts) * Number(WORKER_ENV.WORKER_CONCURRENCY) * 2;

  for (const h of hooks) await h.receiver.close();

  const rows: [string, string | number][] = [
    ["events published", published],
    ["deliveries expected", deliveryIds.length],
    ["delivered (2xx, unique webhook-id)", delivered],
    ["lost", lost],
    ["bad signatures", badSignatures],
    ["stuck (pending/retrying/paused/waiting)", stuck],
    ["final statuses", JSON.stringify(statuses)],
    ...(holders.length
      ? [["open deliveries held by", JSON.stringify(Object.fromEntries(holders.map((h) => [h.state, h.n])))] as [string, string]]
      : []),
    ["duplicates (2xx again)", duplicates],
    [
      "  of which neither near a kill nor after a timeout",
      `${duplicatesAwayFromKills} ${JSON.stringify(Object.fromEntries(awayByEndpoint))}`,
    ],
    ["bystander duplicates away from a kill", bystanderDuplicatesAwayFromKills],
    ["per-invoice order: later events checked (out of order)", `${pairsChecked} (${outOfOrder})`],
    ["requests receivers saw", requestsSeen],
    ["attempts in the log (interrupted)", `${attempts} (${interrupted})`],
    ["seen, not logged (allowed)", `${unlogged} (${allowance})`],
    ["logged, not seen (timeouts, cut connections, interrupted)", loggedNotSeen],
    ["2xx logged that receivers never gave", phantomSuccesses],
    ["worker SIGKILLs", kills.length - restarts],
    ["PostgreSQL restarts", restarts],
    ["endpoint auto-disabled and re-enabled", disabledSeen],
    ["  disabled again by failures in flight", reDisabled],
    ["publish retries (database away)", publishErrors],
    ["duration", `${((Date.now() - started) / 1000).toFixed(1)} s`],
  ];
  const failures: string[] = [];
  if (lost !== 0) failures.push(`${lost} deliveries lost:\n${await lostDetails(deliveryIds, hooks)}`);
  if (badSignatures !== 0) failures.push(`${badSignatures} bad signatures`);
  if (stuck !== 0) failures.push(`${stuck} deliveries stuck`);
  if (duplicatesAwayFromKills !== 0) failures.push(`${duplicatesAwayFromKills} duplicates away from any kill`);
  if (bystanderDuplicatesAwayFromKills !== 0) failures.push(`bystander organization got duplicates`);
  if (outOfOrder !== 0) failures.push(`${outOfOrder} events reached the ordered endpoint before the one before them was accepted`);
  if (pairsChecked === 0) failures.push("the ordered endpoint got no invoice with more than one event");
  if (unlogged > allowance)
    failures.push(`receivers saw ${unlogged} requests the log does not show (${requestsSeen} seen, ${attempts} logged)`);
  if (phantomSuccesses !== 0) failures.push(`${phantomSuccesses} attempts logged as 2xx that no receiver answered`);
  if (disabledSeen === 0) failures.push("the failing endpoint was never auto-disabled");
  if (published !== options.events) failures.push(`only ${published} of ${options.events} events published`);
  return { rows, failures };
}

export function formatTable(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join("\n");
}

/** Each delivery that did not succeed: its receiver's behaviour, status and every attempt (for the report). */
async function lostDetails(deliveryIds: string[], hooks: Hook[]): Promise<string> {
  const { rows } = await pool()
    .query<{ id: string; endpoint_id: string; status: string; attempts: unknown }>(
      `SELECT d.id, d.endpoint_id, d.status, (SELECT json_agg(json_build_array(a.number, a.trigger, a.started_at, a.response_status, a.error_kind)
       ORDER BY a.number) FROM attempts a WHERE a.delivery_id = d.id) AS attempts
     FROM deliveries d WHERE d.id = ANY ($1::uuid[]) AND d.status <> 'succeeded'`,
      [deliveryIds],
    )
    .catch((error: Error) => ({ rows: [{ id: "?", endpoint_id: "", status: `details unavailable: ${error.message}`, attempts: null }] }));
  const behaviour = (endpointId: string) => hooks.find((h) => h.endpointId === endpointId)?.behaviour;
  return rows.map((r) => `    ${r.id} (${behaviour(r.endpoint_id)}) ${r.status}: ${JSON.stringify(r.attempts)}`).join("\n");
}
