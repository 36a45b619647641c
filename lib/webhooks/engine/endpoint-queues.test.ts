// Slow-endpoint isolation: once an endpoint is known to answer slowly, its deliveries leave the
// shared fan-out jobs for K named queues of its own (at most K in flight across all workers), so
// the other endpoints' deliveries in the same jobs are sent and recorded without waiting for it.
import { afterAll, beforeAll, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.ENDPOINT_CONCURRENCY = "3";
  process.env.WEBHOOK_TIMEOUT_MS = "5000";
});

import { pool } from "@/lib/db";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { deliveryStates, invoiceData, newEndpoint, newOrganization, waitFor } from "@/test/engine-helpers";
import { delayed, startReceiver, type Receiver } from "@/test/receiver";

const SLOW_MS = 700; // slower than the 500 ms that marks an endpoint slow
const BURST = 15;

let worker: WorkerHandle;
let fast: Receiver;
let slow: Receiver;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  fast = await startReceiver();
  slow = await startReceiver((request, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.once("close", () => inFlight--);
    delayed(SLOW_MS)(request, res);
  });
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 8, pollIntervalMs: 100 });
});
afterAll(async () => {
  await worker?.stop();
  await Promise.all([fast?.close(), slow?.close()]);
});

async function queueNames(): Promise<string[]> {
  const { rows } = await pool().query<{ queue_name: string }>(
    `SELECT DISTINCT queue_name FROM graphile_worker.jobs WHERE queue_name IS NOT NULL`,
  );
  return rows.map((r) => r.queue_name);
}

it("a slow endpoint's backlog waits in its own queues while the other endpoint's deliveries all arrive", async () => {
  const org = await newOrganization("queues");
  const { id: fastId } = await newEndpoint(org, { url: fast.url });
  const { id: slowId } = await newEndpoint(org, { url: slow.url });

  // the first delivery teaches the worker that the endpoint is slow
  const first = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
  await waitFor("the first deliveries", async () =>
    (await deliveryStates(first.deliveries.map((d) => d.id))).every((d) => d.status === "succeeded"),
  );

  const published = await Promise.all(
    Array.from({ length: BURST }, () => publishEvent(org, { type: "nfe.authorized", data: invoiceData() })),
  );
  const idsTo = (endpointId: string) => published.map((p) => p.deliveries.find((d) => d.endpoint_id === endpointId)!);
  const fastIds = idsTo(fastId).map((d) => d.id);
  const slowDeliveries = idsTo(slowId);

  const seenQueues = new Set<string>();
  await waitFor("every delivery to the fast endpoint", async () => {
    for (const name of await queueNames()) seenQueues.add(name);
    return (await deliveryStates(fastIds)).every((d) => d.status === "succeeded");
  });
  // 15 answers of 700 ms, 3 at a time, take at least 3.5 s: the fast endpoint did not wait for them
  const slowStates = await deliveryStates(slowDeliveries.map((d) => d.id));
  expect(slowStates.filter((d) => d.status === "succeeded").length).toBeLessThan(BURST);

  await waitFor(
    "every delivery to the slow endpoint",
    async () => {
      for (const name of await queueNames()) seenQueues.add(name);
      return (await deliveryStates(slowDeliveries.map((d) => d.id))).every((d) => d.status === "succeeded");
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );

  expect([...seenQueues].length).toBeGreaterThan(0);
  for (const name of seenQueues) expect(name).toMatch(new RegExp(`^endpoint:${slowId}:[0-2]$`));
  expect(maxInFlight).toBeLessThanOrEqual(3);
  expect([...slow.countsById().entries()].filter(([id]) => slowDeliveries.some((d) => d.webhook_id === id)).sort()).toEqual(
    slowDeliveries.map((d) => [d.webhook_id, 1]).sort(),
  );
  for (const d of await deliveryStates(slowDeliveries.map((d) => d.id))) expect(d.attempt_count).toBe(1); // waiting is not a failure
}, 60_000);
