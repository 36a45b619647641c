// `npm run bench`: the delivery engine on an embedded PostgreSQL (durable, as in production), a
// worker process, and a loopback receiver process. Prints, from one run: the raw-HTTP ceiling,
// deliveries/s to 1 and 10 endpoints, publish→arrival latency at a fixed rate, the same latency
// with one endpoint answering after 2 s and with one refusing connections, worker RSS with 100,000 deliveries waiting, and the
// delivery log's query times over 1,000,000 attempts, and the pull feed (long-poll latency, idle
// readers), and the latency at 200 events/s on a fresh app, right after the throughput phases and right
// after a 60 s burst, with the CPU it costs. Flags: --quick (shorter runs), --skip-log,
// --ordering-only, --latency-only, --isolation-only, --scale-out (1, 2 and 4 worker processes against a separate
// PostgreSQL server: Debian's package, started here on a loopback port with its own data directory).
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Pool as HttpPool } from "undici";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateAll } from "@/lib/runtime/database";
import { startServerPostgres } from "./bench/debian-postgres";
import { feedPhase } from "./bench/feed-phase";
import { CORES, measureCpu } from "./bench/cpu";
import { percentile, round, sleep, table, waitFor } from "./bench/stats";
import { WORKER_NODE_FLAGS } from "./worker-flags";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "skip-log": { type: "boolean", default: false },
    /** only the throughput phases, with and without per-invoice ordering (issue figures, faster) */
    "ordering-only": { type: "boolean", default: false },
    /** only publish→arrival latency: fresh, then right after a 60 s burst (issue 20's figures, faster) */
    "latency-only": { type: "boolean", default: false },
    /** only the slow- and failing-endpoint isolation phases */
    "isolation-only": { type: "boolean", default: false },
    /** only deliveries/s with 1, 2 and 4 worker processes against a separate PostgreSQL server (Debian's package) */
    "scale-out": { type: "boolean", default: false },
    /** only the delivery log: seed --log-attempts attempts over 30 days, time the log's queries, EXPLAIN them, drop a week */
    "log-only": { type: "boolean", default: false },
    "log-attempts": { type: "string", default: "1000000" },
  },
});
const SECONDS = flags.quick ? 5 : 12;
const BURST_SECONDS = flags.quick ? 15 : 60;
const root = path.resolve(import.meta.dirname, "..");
const children: ChildProcess[] = [];
const now = () => performance.timeOrigin + performance.now();

async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

interface Snapshot {
  arrivals: number;
  unique: number;
  duplicates: number;
  latencies: { port: number; ms: number }[];
}

function startReceiver(ports: number[], slowPorts: number[] = []) {
  const child = fork(path.join(root, "scripts/bench/receiver.ts"), [], {
    execArgv: [
      "--import",
      path.join(root, "scripts/watchdog.mjs"),
      "--import",
      path.join(root, "scripts/server-only.mjs"),
      "--import",
      "tsx",
    ],
    env: { ...process.env, PORTS: ports.join(","), SLOW_PORTS: slowPorts.join(",") },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => m.type === type && (child.off("message", on), resolve(m as T));
      child.on("message", on);
      if (type !== "ready") child.send({ type });
    });
  return {
    ready: ask<unknown>("ready"),
    reset: () => ask<unknown>("reset"),
    snapshot: () => ask<Snapshot>("snapshot"),
    stop: () => child.kill("SIGTERM"),
  };
}
type Receiver = ReturnType<typeof startReceiver>;

function startWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      path.join(root, "scripts/watchdog.mjs"),
      ...WORKER_NODE_FLAGS,
      "--import",
      path.join(root, "scripts/server-only.mjs"),
      "--import",
      "tsx",
      path.join(root, "scripts/worker.ts"),
    ],
    { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] },
  );
  children.push(child);
  return child;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function ceiling(port: number, secret: string, sign: (s: string[], id: string, ts: number, body: string) => string): Promise<number> {
  const pool = new HttpPool(`http://127.0.0.1:${port}`, { connections: 64 });
  const body = JSON.stringify({ type: "nfe.authorized", timestamp: new Date().toISOString(), data: { pad: "x".repeat(900) } });
  let sent = 0;
  const until = Date.now() + 5000;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (Date.now() < until) {
        const id = `msg_${randomUUID()}`;
        const ts = Math.floor(Date.now() / 1000);
        const res = await pool.request({
          path: "/",
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "webhook-id": id,
            "webhook-timestamp": String(ts),
            "webhook-signature": sign([secret], id, ts, body),
          },
        });
        await res.body.dump();
        sent++;
      }
    }),
  );
  await pool.close();
  return sent / 5;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "nfe-webhooks-bench-"));
  const db = flags["scale-out"] ? await startServerPostgres(dir) : await startEmbeddedPostgres({ dataDir: dir });
  await migrateAll(db.url);
  if (flags["log-only"]) {
    await logBench(db.url, { attempts: Number(flags["log-attempts"]), explain: true });
    await db.stop();
    return rmSync(dir, { recursive: true, force: true });
  }
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ALLOW_PRIVATE_WEBHOOK_URLS: "true",
  });
  const { ensureAccount } = await import("@/lib/auth/accounts");
  const { createEndpoint, deleteEndpoint } = await import("@/lib/webhooks/endpoints/store");
  const { createEndpointSchema } = await import("@/lib/webhooks/endpoints/schemas");
  const { publishEvent } = await import("@/lib/webhooks/engine/publish");
  const { getEventType } = await import("@/lib/webhooks/catalog");
  const { sign: signOne, generateSecret } = await import("@/lib/webhooks/outbound/signing");
  const { pool, closeDb } = await import("@/lib/db");
  const workerEnv = { ...process.env, WEBHOOK_RETRY_SCHEDULE: "1,1,1" };
  const { user } = await ensureAccount("bench@example.com", "Bench");
  const org = user.organizationId;
  const example = getEventType("nfe.authorized")!.example;
  const ports = await freePorts(11);
  let receiver: Receiver = startReceiver(ports.slice(0, 10));
  await receiver.ready;
  let endpointIds: string[] = [];

  const setEndpoints = async (n: number, portList = ports, ordering: "none" | "per_invoice" = "none") => {
    for (const id of endpointIds) await deleteEndpoint(org, id);
    endpointIds = [];
    for (let i = 0; i < n; i++) {
      const { endpoint } = await createEndpoint(
        org,
        createEndpointSchema.parse({
          url: `http://127.0.0.1:${portList[i]}/hook`,
          event_types: ["nfe.authorized"],
          ordering,
          skip_verification: true,
        }),
      );
      endpointIds.push(endpoint.id);
    }
  };
  let invoices = 0;
  /** an event of an invoice of its own (a fresh access key), as the shared bench publishes */
  const publishOne = (accessKey = `35${String(++invoices).padStart(42, "0")}`) =>
    publishEvent(org, { type: "nfe.authorized", data: { ...example, access_key: accessKey, bench_t: now() } });
  /** an invoice of 1–4 events (cycling), published one after the other; answers how many */
  const publishInvoice = async () => {
    const key = `36${String(++invoices).padStart(42, "0")}`;
    const events = (invoices % 4) + 1;
    for (let i = 0; i < events; i++) await publishOne(key);
    return events;
  };

  const step = (what: string) => console.error(`▸ ${what}`);
  step("ceiling");
  const ceilingRps = await ceiling(ports[0]!, generateSecret(), (s, id, ts, body) => signOne(s[0]!, id, ts, body));
  /** waits until `count` worker pools beat (a worker beats once its connections are ready and it takes jobs) */
  const workersReady = async (count: number) => {
    // a worker process beats for its graphile-worker pool and for its fresh jobs' owner: count processes
    const beating = async () =>
      (await pool().query<{ n: number }>(`SELECT count(DISTINCT (hostname, pid))::int AS n FROM worker_heartbeats`)).rows[0]!.n >= count;
    if (!(await waitFor(beating, 60_000, 50))) throw new Error(`${count} worker process(es) did not start within 60 s`);
  };
  let worker = startWorkerProcess(workerEnv);
  /** stops the worker, the receiver and the database (running the log bench on it first when asked) */
  const finish = async (withLogBench = false) => {
    worker.kill("SIGTERM");
    await new Promise((r) => worker.once("exit", r));
    receiver.stop();
    await closeDb();
    if (withLogBench) await logBench(db.url);
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await workersReady(1);

  /** `reachable`: endpoints whose receiver answers (what is awaited after publishing) */
  const latencyAt = async (rate: number, seconds: number, reachable = endpointIds.length) => {
    await receiver.reset();
    const cpu = measureCpu(db.pid);
    let published = 0;
    const start = Date.now();
    const inflight: Promise<unknown>[] = [];
    while (Date.now() - start < seconds * 1000) {
      const due = Math.floor(((Date.now() - start) / 1000) * rate);
      while (published < due) {
        published++;
        inflight.push(publishOne());
      }
      await sleep(2);
    }
    const used = cpu();
    await Promise.all(inflight);
    await waitFor(async () => (await receiver.snapshot()).unique >= published * reachable, 30_000);
    return Object.assign(await receiver.snapshot(), { cpu: used });
  };
  const latencyRows: (string | number)[][] = [];
  const latencyTimelines: string[] = [];
  /** what PostgreSQL did in the background while a phase ran: tables autovacuum worked on, checkpoints */
  const watchBackground = () => {
    const checkpoints = async () =>
      (
        await pool()
          .query<{ n: number }>(`SELECT (num_timed + num_requested)::int AS n FROM pg_stat_checkpointer`)
          .catch(() => pool().query<{ n: number }>(`SELECT (checkpoints_timed + checkpoints_req)::int AS n FROM pg_stat_bgwriter`))
      ).rows[0]!.n;
    const before = checkpoints();
    const vacuumed = new Set<string>();
    let watching = true;
    const sampler = (async () => {
      while (watching) {
        const { rows } = await pool().query<{ query: string }>(
          `SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
        );
        for (const { query } of rows) vacuumed.add(query.replace(/^autovacuum: /, "").replace(/public\.|graphile_worker\./g, ""));
        await sleep(200);
      }
    })();
    return async () => {
      watching = false;
      await sampler;
      const ran = (await checkpoints()) - (await before);
      return [...vacuumed].join(", ") + (ran ? `${vacuumed.size ? "; " : ""}${ran} checkpoint(s)` : "") || "–";
    };
  };
  /** publish→arrival at 200 events/s to 1 endpoint, as a table row named `when` */
  const latencyPhase = async (when: string) => {
    step(`latency at 200 events/s (${when})`);
    await setEndpoints(1);
    const background = watchBackground();
    const measured = await latencyAt(200, SECONDS);
    const meanwhile = await background();
    const ms = measured.latencies.map((l) => l.ms);
    // where the tail sits: a second's worth of arrivals at a time (the first seconds of a phase differ)
    const seconds: string[] = [];
    for (let i = 0; i < ms.length; i += 200) {
      const second = ms.slice(i, i + 200);
      seconds.push(`${round(percentile(second, 50))}/${round(Math.max(...second))}`);
    }
    latencyTimelines.push(`${when}: ${seconds.join(" · ")}`);
    latencyRows.push([
      when,
      round(percentile(ms, 50)),
      round(percentile(ms, 90)),
      round(percentile(ms, 99)),
      round(Math.max(...ms)),
      measured.unique,
      round(measured.cpu.machine),
      round(measured.cpu.tree),
      meanwhile,
    ]);
    return { measured, ms };
  };
  const printLatency = () => {
    table(
      `publish→arrival at 200 events/s for ${SECONDS} s (1 endpoint); CPU: whole machine (${CORES} cores = 100 %), PostgreSQL (% of a core)`,
      ["when", "p50 ms", "p90 ms", "p99 ms", "max ms", "delivered", "machine CPU %", "PostgreSQL CPU %", "PostgreSQL meanwhile"],
      latencyRows,
    );
    console.log(`\nsecond by second (p50/max ms of each 200 arrivals):\n${latencyTimelines.join("\n")}`);
  };
  /** 16 publishers for `seconds` as fast as the engine drains (≤ 2,000 outstanding); then drained */
  const sustain = async (n: number, seconds: number, invoiceOf: () => Promise<number>) => {
    await receiver.reset();
    let published = 0;
    let stop = false;
    let arrivals = 0;
    let startCount = 0;
    let startAt = 0;
    const warmUntil = Date.now() + 2000;
    const publishers = Array.from({ length: 16 }, async () => {
      while (!stop) {
        if (published * n - arrivals > 2000) await sleep(5);
        else {
          const events = await invoiceOf();
          published += events;
        }
      }
    });
    const poller = (async () => {
      while (!stop) {
        arrivals = (await receiver.snapshot()).arrivals;
        if (!startAt && Date.now() >= warmUntil) [startAt, startCount] = [now(), arrivals];
        await sleep(50);
      }
    })();
    await sleep(2000 + seconds * 1000);
    const end = await receiver.snapshot();
    const rate = (end.arrivals - startCount) / ((now() - startAt) / 1000);
    stop = true;
    await Promise.all([...publishers, poller]);
    await waitFor(async () => (await receiver.snapshot()).unique >= published * n, 30_000);
    return { rate, published, done: await receiver.snapshot() };
  };
  /** the fresh app's latency first, then a burst of BURST_SECONDS to 10 endpoints and the latency right after */
  const afterBurst = async () => {
    step(`burst: ${BURST_SECONDS} s as fast as it drains to 10 endpoints`);
    await setEndpoints(10);
    const burst = await sustain(10, BURST_SECONDS, () => publishOne().then(() => 1));
    await latencyPhase(`right after a ${BURST_SECONDS} s burst (${round(burst.rate, 0)} deliveries/s)`);
  };
  /** deliveries/s to 10 endpoints with 1, 2 and 4 worker processes, and PostgreSQL's CPU per delivery */
  const scaleOut = async () => {
    const rows: (string | number)[][] = [];
    await setEndpoints(10);
    const extra: ChildProcess[] = [];
    for (const workers of [1, 2, 4]) {
      while (extra.length + 1 < workers) extra.push(startWorkerProcess(workerEnv));
      await workersReady(workers);
      step(`scale-out: ${workers} worker process(es)`);
      const cpu = measureCpu(db.pid);
      const { rate, published, done } = await sustain(10, SECONDS, () => publishOne().then(() => 1));
      const used = cpu();
      rows.push([
        workers,
        round(rate),
        `${done.unique}/${published * 10}`,
        published * 10 - done.unique,
        round(used.tree),
        round((used.treeSeconds * 1000) / done.unique, 3),
        round(used.machine),
      ]);
    }
    for (const child of extra) child.kill("SIGTERM");
    await Promise.all(extra.map((child) => new Promise((r) => child.once("exit", r))));
    table(
      `scale-out: 10 endpoints, 16 publishers, ${SECONDS} s, separate PostgreSQL ${"version" in db ? db.version : ""} server (WORKER_CONCURRENCY ${process.env.WORKER_CONCURRENCY ?? 32} each)`,
      ["workers", "deliveries/s", "delivered", "lost", "PostgreSQL CPU % of a core", "PostgreSQL CPU ms/delivery", "machine CPU %"],
      rows,
    );
  };

  /** A slow endpoint, then one refusing connections, next to 9 healthy ones; answers how to print what it measured. */
  const isolation = async () => {
    step("slow-endpoint isolation");
    await setEndpoints(10);
    // new endpoints' first seconds (their connections, the worker's first jobs) are not the baseline
    await latencyAt(50, 3);
    const base = await latencyAt(50, SECONDS);
    receiver.stop();
    receiver = startReceiver(ports.slice(0, 10), [ports[9]!]);
    await receiver.ready;
    const slow = await latencyAt(50, SECONDS);
    const fast = (s: Snapshot) => s.latencies.filter((l) => l.port !== ports[9]).map((l) => l.ms);

    step("failing-endpoint isolation");
    receiver.stop();
    receiver = startReceiver(ports.slice(0, 9)); // the 10th endpoint's port refuses connections
    await receiver.ready;
    const refused = await latencyAt(50, SECONDS, 9);
    const failedAttempts = (
      await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE endpoint_id = $1 AND response_status IS NULL`, [
        endpointIds[9],
      ])
    ).rows[0]!.n;

    return () => {
      table(
        "slow-endpoint isolation: 50 events/s to 10 endpoints, p99 of the 9 fast ones",
        ["without slow p99 ms", "with one 2 s endpoint p99 ms", "ratio"],
        [
          [
            round(percentile(fast(base), 99)),
            round(percentile(fast(slow), 99)),
            round(percentile(fast(slow), 99) / percentile(fast(base), 99), 2),
          ],
        ],
      );
      table(
        "failing-endpoint isolation: 50 events/s to 10 endpoints, one refusing connections (retried, auto-disabled after 1,000 failures), p99 of the 9 others",
        ["without p99 ms", "with p99 ms", "ratio", "failed attempts"],
        [
          [
            round(percentile(fast(base), 99)),
            round(percentile(fast(refused), 99)),
            round(percentile(fast(refused), 99) / percentile(fast(base), 99), 2),
            failedAttempts,
          ],
        ],
      );
    };
  };

  if (flags["scale-out"]) {
    await scaleOut();
    return finish();
  }
  if (flags["isolation-only"]) {
    (await isolation())();
    return finish();
  }
  if (!flags["ordering-only"]) await latencyPhase("fresh app");
  if (flags["latency-only"]) {
    await afterBurst();
    printLatency();
    return finish();
  }

  step("throughput");
  const throughput: (string | number)[][] = [];
  const tp: Record<string, number> = {};
  const runs: { n: number; label: string; ordering: "none" | "per_invoice"; invoiceOf: () => Promise<number> }[] = [
    ...(flags["ordering-only"]
      ? []
      : [1, 10].map((n) => ({ n, label: String(n), ordering: "none" as const, invoiceOf: () => publishOne().then(() => 1) }))),
    { n: 10, label: "10, invoices of 1–4 events", ordering: "none", invoiceOf: publishInvoice },
    { n: 10, label: "10, invoices of 1–4 events, per_invoice ordering", ordering: "per_invoice", invoiceOf: publishInvoice },
  ];
  for (const { n, label, ordering, invoiceOf } of runs) {
    step(`throughput to ${label} endpoint(s)`);
    await setEndpoints(n, ports, ordering);
    const { rate, published, done } = await sustain(n, SECONDS, invoiceOf);
    tp[label] = rate;
    throughput.push([label, round(rate), published, `${done.unique}/${published * n}`, published * n - done.unique, done.duplicates]);
  }
  const orderingRatio = tp["10, invoices of 1–4 events, per_invoice ordering"]! / tp["10, invoices of 1–4 events"]!;
  if (flags["ordering-only"]) {
    table(
      `engine: sustained deliveries/s while publishing (16 publishers, ${SECONDS} s after 2 s warm-up)`,
      ["endpoints", "deliveries/s", "events", "delivered", "lost", "dups"],
      throughput,
    );
    table("per-invoice ordering: deliveries/s with ÷ without (same run)", ["ratio"], [[round(orderingRatio, 3)]]);
    return finish();
  }

  await latencyPhase("right after the throughput phases");
  await afterBurst();

  const printIsolation = await isolation();

  step("worker RSS with a backlog");
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
  receiver.stop();
  receiver = startReceiver(ports.slice(0, 10));
  await receiver.ready;
  await pool().query(`UPDATE deliveries SET status = 'cancelled' WHERE status IN ('pending', 'retrying')`);
  await pool().query(`DELETE FROM graphile_worker._private_jobs`);
  const backlog = flags.quick ? 20_000 : 100_000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      for (let k = i; k < backlog / 10; k += 16) await publishOne();
    }),
  );
  const waiting = (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'`)).rows[0]!.n;
  worker = startWorkerProcess(workerEnv);
  let maxRss = 0;
  const drained = await waitFor(
    async () => {
      maxRss = Math.max(maxRss, rssMb(worker.pid!));
      return (await receiver.snapshot()).unique >= waiting;
    },
    180_000,
    200,
  );
  const drainRate = (await receiver.snapshot()).unique;

  table("ceiling: raw undici POST loop (signed ~1 KB, 64 connections) → loopback receiver", ["req/s"], [[round(ceilingRps)]]);
  table(
    `engine: sustained deliveries/s while publishing (16 publishers, ${SECONDS} s after 2 s warm-up)`,
    ["endpoints", "deliveries/s", "events", "delivered", "lost", "dups"],
    throughput,
  );
  table("ratio to the ceiling", ["1 endpoint", "10 endpoints"], [[round(tp["1"]! / ceilingRps, 3), round(tp["10"]! / ceilingRps, 3)]]);
  table("per-invoice ordering: deliveries/s with ÷ without (same run)", ["ratio"], [[round(orderingRatio, 3)]]);
  printLatency();
  printIsolation();
  table(
    "worker process with a backlog",
    ["deliveries waiting", "drained", "max RSS MB"],
    [[waiting, drained ? `yes (${drainRate})` : `no (${drainRate})`, round(maxRss)]],
  );

  step("feed: long-poll latency and idle readers");
  await feedPhase({ seconds: SECONDS });

  await finish(!flags["skip-log"]);
}

async function logBench(url: string, { attempts = 1_000_000, explain = false } = {}) {
  const { seedLog, measureLogQueries, explainLogQueries, timeWeekDrop } = await loadLogBench();
  if (!seedLog || !measureLogQueries) return console.log("\n(delivery log figures: not available)");
  const started = Date.now();
  const seeded = (await seedLog(url, { attempts })) as { attempts: number; deliveries: number; events: number };
  const count = seeded.attempts.toLocaleString("en-US");
  console.log(
    `\nseeded ${count} attempts (${seeded.deliveries.toLocaleString("en-US")} deliveries, ${seeded.events.toLocaleString("en-US")} events, 30 days) in ${round((Date.now() - started) / 1000)} s`,
  );
  const rows = await measureLogQueries(url, { iterations: 20 });
  table(
    `delivery log API queries over ${count} attempts`,
    ["query", "p50 ms", "p95 ms"],
    rows.map((r) => [r.name, round(r.p50), round(r.p95)]),
  );
  if (!explain || !explainLogQueries || !timeWeekDrop) return;
  const plans = await explainLogQueries(url);
  table(
    "EXPLAIN (ANALYZE, BUFFERS) of each query: partitions read, indexes, execution",
    ["query", "partitions scanned", "index scans / seq scans", "execution ms"],
    plans.map((p) => [
      p.name,
      new Set([...p.plan.matchAll(/ on (\w+_p\d{8}|\w+_default)/g)].map((m) => m[1])).size,
      `${(p.plan.match(/Index (Only )?Scan/g) ?? []).length} / ${(p.plan.match(/Seq Scan/g) ?? []).length}`,
      round(p.executionMs, 2),
    ]),
  );
  for (const p of plans.filter((p) => /page 1$|25 days back|q=access key/.test(p.name))) console.log(`\n── ${p.name}\n${p.plan}`);
  const drop = await timeWeekDrop(url);
  table(
    "retention: dropping the oldest week of the log (one partition of each table)",
    ["week", "rows", "ms"],
    [[drop.week, drop.rows, round(drop.ms)]],
  );
}

interface LogBench {
  seedLog?: (url: string, o: { attempts: number }) => Promise<unknown>;
  measureLogQueries?: (url: string, o: { iterations: number }) => Promise<{ name: string; p50: number; p95: number }[]>;
  explainLogQueries?: (url: string) => Promise<{ name: string; plan: string; executionMs: number }[]>;
  timeWeekDrop?: (url: string) => Promise<{ week: string; rows: number; ms: number }>;
}
async function loadLogBench(): Promise<LogBench> {
  const perf = (await import("./bench/log-perf").catch(() => ({}))) as LogBench;
  const seed = (await import("./bench/seed-log").catch(() => ({}))) as LogBench;
  return { ...perf, seedLog: seed.seedLog };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    children.forEach((c) => c.exitCode === null && c.kill("SIGKILL"));
    process.exit(1);
  },
);
