// PostgreSQL restarted while worker processes are delivering: they reconnect and nothing published
// is lost. This file runs on its OWN embedded PostgreSQL (the shared one is never restarted): it is
// started before any lib module reads DATABASE_URL, so publishEvent and the workers both use it.
import { rmSync } from "node:fs";
import { afterAll, expect, it, vi } from "vitest";

const own = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
  const { migrateAll } = await import("@/lib/runtime/database");
  const dataDir = mkdtempSync(path.join(tmpdir(), "nfe-pg-restart-"));
  const db = await startEmbeddedPostgres({ dataDir, fast: true });
  await migrateAll(db.url);
  process.env.DATABASE_URL = db.url;
  return { dataDir, db };
});

import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { closeDb, pool } from "@/lib/db";
import { killWorkers, newEndpoint, newOrganization, publishMany, spawnWorker, statusCounts, waitFor } from "@/test/engine-helpers";
import { attemptsOf, deliveryState } from "@/test/engine-helpers";
import { delayed, gate, startReceiver } from "@/test/receiver";

let db = own.db;

afterAll(async () => {
  await killWorkers();
  await closeDb();
  await db.stop();
  rmSync(own.dataDir, { recursive: true, force: true });
});

it("workers recover from a PostgreSQL restart mid-run and every delivery arrives", async () => {
  const receiver = await startReceiver(delayed(100));
  try {
    // one endpoint takes every delivery: ENDPOINT_CONCURRENCY = WORKER_CONCURRENCY keeps the per-endpoint
    // cap's deferrals (tested in engine.test.ts) out of the recovery time measured here; 2 × 8 requests
    // of 100 ms at a time keep deliveries in flight when PostgreSQL goes down
    // publishEvent's pool (lib/db) has idle connections that die with the server: it must survive that
    await pool().query("SELECT 1");
    const org = await newOrganization("restart");
    const { id: endpointId } = await newEndpoint(org, { url: receiver.url });
    const workers = [0, 1].map(() =>
      spawnWorker({
        WORKER_DEAD_AFTER_SECONDS: "2",
        WEBHOOK_RETRY_SCHEDULE: "1,1,1,1,1",
        WORKER_CONCURRENCY: "8",
        ENDPOINT_CONCURRENCY: "8",
      }),
    );
    await Promise.all(workers.map((w) => w.ready));

    const before = (await publishMany(org, 200, 20)).filter((d) => d.endpoint_id === endpointId);
    await waitFor("deliveries under way", () => receiver.requests.length >= 20);

    const firstIds = before.map((d) => d.id);
    expect((await statusCounts(firstIds)).succeeded ?? 0).toBeLessThan(before.length); // mid-run
    await db.stop();
    const port = db.port;
    db = await startEmbeddedPostgres({ dataDir: own.dataDir, fast: true });
    expect(db.port).toBe(port); // same address: the workers reconnect to it

    const after = (await publishMany(org, 50, 10)).filter((d) => d.endpoint_id === endpointId);
    const ids = [...before, ...after].map((d) => d.id);
    await waitFor("all 250 deliveries to succeed", async () => (await statusCounts(ids)).succeeded === 250, {
      timeoutMs: 45_000,
      intervalMs: 250,
    }).catch(async (error: Error) => {
      const outputs = workers.map((w) => w.output().split("\n").slice(-40).join("\n"));
      throw new Error(`${error.message}\n${JSON.stringify(await statusCounts(ids))}\n${outputs.join("\n----\n")}`);
    });

    const arrived = receiver.countsById();
    for (const d of [...before, ...after]) expect(arrived.get(d.webhook_id) ?? 0).toBeGreaterThanOrEqual(1);
    for (const worker of workers) expect(await worker.stop()).toEqual({ code: 0, signal: null });
  } finally {
    await receiver.close();
  }
}, 90_000);

it("a result the worker holds while PostgreSQL is down is recorded when it returns, and not sent again", async () => {
  const hold = gate();
  let answered = false;
  const receiver = await startReceiver(async (_request, res) => {
    await hold.wait;
    res.on("finish", () => (answered = true));
    res.writeHead(200).end("ok");
  });
  try {
    const org = await newOrganization("held");
    const { id: endpointId } = await newEndpoint(org, { url: receiver.url });
    const [worker] = [spawnWorker({ WORKER_DEAD_AFTER_SECONDS: "2", WEBHOOK_RETRY_SCHEDULE: "1,1,1" })];
    await worker!.ready;
    const [delivery] = (await publishMany(org, 1, 1)).filter((d) => d.endpoint_id === endpointId);
    await waitFor("the request to be in flight", () => receiver.requests.length === 1);

    await db.stop();
    hold.open(); // the receiver answers 200 while the database is away
    await waitFor("the answer to be sent to the worker", () => answered);
    db = await startEmbeddedPostgres({ dataDir: own.dataDir, fast: true });

    await waitFor("the held result to be recorded", async () => (await deliveryState(delivery!.id)).status === "succeeded", {
      timeoutMs: 30_000,
    });
    expect((await attemptsOf(delivery!.id)).map((a) => [a.number, a.response_status, a.error_kind])).toEqual([[1, 200, null]]);
    expect(receiver.requests).toHaveLength(1);
    expect(await worker!.stop()).toEqual({ code: 0, signal: null });
  } finally {
    await receiver.close();
  }
}, 60_000);
