// `npm run bench:operator`: the operator's two ways to publish, measured in one run under the
// shared bench's publishing load (16 concurrent publishers over HTTP, deliveries running to one
// loopback receiver): POST /api/v1/operator/organizations/:external_id/events (one event a request)
// and POST /api/v1/operator/events (a batch of --batch events a request, one statement). Starts the
// product as `npm start` does (web + worker, embedded PostgreSQL, fresh DATA_DIR) and stops it by PID.
// Prints events/s for each, request latency, the ratio batch ÷ single per event, and that every
// delivery arrived. Flags: --seconds N (default 12), --batch N (default 100), --publishers N (default 16).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Pool as HttpPool } from "undici";
import { percentile, round, sleep, table, waitFor } from "./stats";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "12" },
    batch: { type: "string", default: "100" },
    publishers: { type: "string", default: "16" },
  },
});
const SECONDS = Number(flags.seconds);
const BATCH = Number(flags.batch);
const PUBLISHERS = Number(flags.publishers);
const KEY = `nfeop_bench-${"x".repeat(40)}`;
const root = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function main(): Promise<void> {
  // the receiver: counts unique webhook-ids
  const seen = new Set<string>();
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.add(String(req.headers["webhook-id"]));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const receiverPort = (receiver.address() as { port: number }).port;

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "nfe-bench-operator-"));
  const product = spawn(process.execPath, ["--import", "./scripts/server-only.mjs", "--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      ALLOW_PRIVATE_WEBHOOK_URLS: "true",
      OPERATOR_API_KEY: KEY,
      OPERATOR_RATE_PER_MIN: "100000000",
      NODE_ENV: "production",
    },
  });
  const stop = () => {
    try {
      process.kill(-product.pid!, "SIGTERM");
    } catch {
      /* gone */
    }
  };
  process.on("exit", stop);
  const base = `http://127.0.0.1:${port}`;
  const http = new HttpPool(base, { connections: PUBLISHERS + 2 });
  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await http.request({
      method: method as "POST",
      path: pathname,
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    const json = response.headers["content-type"]?.toString().includes("json") && text ? JSON.parse(text) : null;
    return { status: response.statusCode, json };
  };

  try {
    console.error("▸ starting the product (npm start) on a fresh DATA_DIR");
    if (!(await waitFor(async () => (await call("GET", "/sign-in").catch(() => ({ status: 0 }))).status === 200, 240_000, 500))) {
      throw new Error("the product did not start within 240 s");
    }
    const tenant = await call("PUT", "/api/v1/operator/organizations/bench-1", { name: "Bench" });
    if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${JSON.stringify(tenant.json)}`);
    const hook = await call("POST", "/api/v1/operator/organizations/bench-1/webhooks", {
      url: `http://127.0.0.1:${receiverPort}/hook`,
      event_types: ["nfe.authorized"],
      skip_verification: true,
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${JSON.stringify(hook.json)}`);
    const { getEventType } = await import("@/lib/webhooks/catalog");
    const example = getEventType("nfe.authorized")!.example;

    let accepted = 0;
    const phase = async (name: string, perRequest: number, send: () => Promise<number>) => {
      const latencies: number[] = [];
      const run = async (seconds: number, record: boolean) => {
        const until = Date.now() + seconds * 1000;
        let events = 0;
        await Promise.all(
          Array.from({ length: PUBLISHERS }, async () => {
            while (Date.now() < until) {
              const started = performance.now();
              const n = await send();
              if (record) latencies.push(performance.now() - started);
              events += n;
            }
          }),
        );
        return events;
      };
      console.error(`▸ ${name}: 2 s warm-up, ${SECONDS} s measured`);
      accepted += await run(2, false);
      const events = await run(SECONDS, true);
      accepted += events;
      // let the deliveries of this phase drain before the next one
      const drainStarted = Date.now();
      if (!(await waitFor(async () => seen.size >= accepted, 300_000)))
        console.error(`  ${accepted - seen.size} deliveries not arrived after 300 s`);
      else console.error(`  its deliveries all arrived ${round((Date.now() - drainStarted) / 1000)} s after the phase`);
      return {
        name,
        perRequest,
        eventsPerS: events / SECONDS,
        requestsPerS: latencies.length / SECONDS,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      };
    };

    const single = await phase("single: POST /api/v1/operator/organizations/:external_id/events", 1, async () => {
      const r = await call("POST", "/api/v1/operator/organizations/bench-1/events", { type: "nfe.authorized", data: example });
      if (r.status !== 202) throw new Error(`single publish: ${r.status} ${JSON.stringify(r.json)}`);
      return 1;
    });
    const batch = await phase(`batch: POST /api/v1/operator/events (${BATCH} a request)`, BATCH, async () => {
      const events = Array.from({ length: BATCH }, () => ({ organization: "bench-1", type: "nfe.authorized", data: example }));
      const r = await call("POST", "/api/v1/operator/events", { events });
      if (r.status !== 200 || r.json.accepted !== BATCH)
        throw new Error(`batch publish: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
      return BATCH;
    });
    await sleep(500);
    table(
      `operator publishing, ${PUBLISHERS} concurrent publishers, deliveries to 1 loopback endpoint running`,
      ["route", "events/request", "events/s", "requests/s", "request p50 ms", "request p99 ms"],
      [single, batch].map((p) => [p.name, p.perRequest, round(p.eventsPerS), round(p.requestsPerS), round(p.p50), round(p.p99)]),
    );
    console.log(`batch ÷ single, events/s: ${round(batch.eventsPerS / single.eventsPerS)}×`);
    console.log(`delivered (unique webhook-id) / published: ${seen.size} / ${accepted}  not delivered: ${accepted - seen.size}`);
  } finally {
    await http.close();
    stop();
    receiver.close();
    await sleep(2_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`✖ ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
