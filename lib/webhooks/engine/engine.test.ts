// The delivery engine end to end in one process: publishEvent → graphile-worker → loopback receivers,
// with the retry schedule compressed to 1 s, 2 s, auto-disable after 3 consecutive failures, a
// 500 ms request timeout and at most 3 concurrent requests per endpoint. Every wait is on a condition (delivery row, receiver, queued jobs).
import type { ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1,2";
  process.env.AUTO_DISABLE_AFTER_FAILURES = "3";
  process.env.WEBHOOK_TIMEOUT_MS = "500";
  process.env.ENDPOINT_CONCURRENCY = "3";
});

import { CONTENT_TYPE, MAX_RESPONSE_BODY_BYTES, USER_AGENT } from "@/lib/webhooks/outbound/deliver";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/store";
import { revealSecret } from "@/lib/webhooks/endpoints/secrets";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import {
  attemptsOf,
  deliveryState,
  deliveryStates,
  endpointState,
  invoiceData,
  jobsFor,
  newEndpoint,
  newOrganization,
  waitFor,
} from "@/test/engine-helpers";
import { answer, delayed, failFirst, startReceiver, type Receiver, type Reply } from "@/test/receiver";

const JITTER = 0.2;
let org: string;
let worker: WorkerHandle;
const receivers: Receiver[] = [];

beforeAll(async () => {
  org = await newOrganization("engine");
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 8, pollIntervalMs: 100 });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await worker?.stop();
});

async function receiver(reply?: Reply): Promise<Receiver> {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

/** An endpoint on a new receiver and one nfe.authorized event for it. */
async function deliverTo(reply?: Reply, endpoint: { headers?: Record<string, string> } = {}) {
  const r = await receiver(reply);
  const { id: endpointId } = await newEndpoint(org, { url: r.url, ...endpoint });
  const data = invoiceData();
  const published = await publishEvent(org, { type: "nfe.authorized", data });
  const delivery = published.deliveries.find((d) => d.endpoint_id === endpointId)!;
  return { receiver: r, endpointId, delivery, published, data };
}

const settled = (id: string, status: string, timeoutMs = 10_000) =>
  waitFor(`delivery ${id} to be ${status}`, async () => (await deliveryState(id)).status === status, { timeoutMs });

/** No job left that could attempt these deliveries again. */
const nothingQueued = (ids: string[]) => waitFor("no queued job for the deliveries", async () => (await jobsFor(ids)).length === 0);

describe("a published event reaches the receiver", () => {
  it("signed with Standard Webhooks, as {type,timestamp,data} JSON, and logged as one succeeded attempt", async () => {
    const {
      receiver: r,
      endpointId,
      delivery,
      published,
      data,
    } = await deliverTo(answer(200, "recebido"), { headers: { "X-Api-Key": "s3cr3t" } });
    await settled(delivery.id, "succeeded");

    expect(r.requests).toHaveLength(1);
    const [request] = r.requests;
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request!.headers["user-agent"]).toBe(USER_AGENT);
    expect(request!.headers["x-api-key"]).toBe("s3cr3t");
    expect(request!.webhookId).toBe(delivery.webhook_id);
    expect(Math.abs(Number(request!.headers["webhook-timestamp"]) - request!.at / 1000)).toBeLessThan(5);

    const { secret } = await revealSecret(org, endpointId);
    const verified = new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>);
    expect(verified).toEqual({ type: "nfe.authorized", timestamp: published.event.created_at, data: { ...data, sequence: 1 } });
    expect(Object.keys(JSON.parse(request!.body))).toEqual(["type", "timestamp", "data"]);
    expect(() => new Webhook(secret).verify(request!.body.replace("4242", "4243"), request!.headers as Record<string, string>)).toThrow();

    const state = await deliveryState(delivery.id);
    expect(state).toMatchObject({ attempt_count: 1, next_attempt_at: null });
    const attempts = await attemptsOf(delivery.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      number: 1,
      trigger: "auto",
      response_status: 200,
      response_body: "recebido",
      error_kind: null,
      response_body_truncated: false,
    });
    expect(attempts[0]!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(attempts[0]!.duration_ms).toBeLessThan(5_000);
    expect(attempts[0]!.request_headers).toMatchObject({
      "content-type": CONTENT_TYPE,
      "webhook-id": delivery.webhook_id,
      "X-Api-Key": "••••••",
    });
    expect(attempts[0]!.request_headers["webhook-signature"]).toMatch(/^v1,/);
  });
});

describe("retries", () => {
  it("follow the schedule (1 s, 2 s ±20 %) with the same webhook-id until a 2xx", async () => {
    const { receiver: r, delivery } = await deliverTo(failFirst(2));
    await settled(delivery.id, "succeeded");

    expect(r.requests.map((a) => a.webhookId)).toEqual([delivery.webhook_id, delivery.webhook_id, delivery.webhook_id]);
    const gaps = [r.requests[1]!.at - r.requests[0]!.at, r.requests[2]!.at - r.requests[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(1000 * (1 - JITTER));
    expect(gaps[1]).toBeGreaterThanOrEqual(2000 * (1 - JITTER));
    expect(gaps[1]).toBeLessThan(2000 * (1 + JITTER) + 1500); // not some other, longer wait

    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((a) => [a.number, a.response_status, a.error_kind])).toEqual([
      [1, 500, "http"],
      [2, 500, "http"],
      [3, 200, null],
    ]);
    // each retry started no earlier than the previous attempt's end plus the scheduled wait
    attempts.slice(1).forEach((a, i) => {
      const previous = attempts[i]!;
      const waited = a.started_at.getTime() - (previous.started_at.getTime() + previous.duration_ms);
      expect(waited).toBeGreaterThanOrEqual([1000, 2000][i]! * (1 - JITTER) - 1);
    });
    expect(await deliveryState(delivery.id)).toMatchObject({ status: "succeeded", attempt_count: 3, next_attempt_at: null });
  });

  it("honour Retry-After on a 503, clamped to the schedule's longest wait (2 s)", async () => {
    const { receiver: r, delivery } = await deliverTo((request, res) =>
      (request.index === 0 ? answer(503, "busy", { "retry-after": "3600" }) : answer(200))(request, res),
    );
    const state = await waitFor("the first attempt", async () => {
      const s = await deliveryState(delivery.id);
      return s.attempt_count >= 1 && s;
    });
    const [first] = await attemptsOf(delivery.id);
    expect(first!.response_status).toBe(503);
    expect(state.status).toBe("retrying");
    const waitMs = state.next_attempt_at!.getTime() - (first!.started_at.getTime() + first!.duration_ms);
    expect(waitMs).toBeGreaterThanOrEqual(1995); // honoured: longer than the 1 s (±20 %) scheduled
    expect(waitMs).toBeLessThanOrEqual(2005); // clamped: not 3600 s
    await settled(delivery.id, "succeeded");
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(1995);
  });

  it("410 Gone fails the delivery without a retry and disables the endpoint (reason gone)", async () => {
    const { receiver: r, endpointId, delivery } = await deliverTo(answer(410, "gone"));
    await settled(delivery.id, "failed");
    await nothingQueued([delivery.id]);

    expect(await deliveryState(delivery.id)).toMatchObject({ attempt_count: 1, next_attempt_at: null });
    const endpoint = await endpointState(endpointId);
    expect(endpoint).toMatchObject({ enabled: false, disabled_reason: "gone" });
    expect(endpoint.disabled_at).toBeInstanceOf(Date);
    expect(r.requests).toHaveLength(1);

    // a later event waits for the endpoint, paused, and is not sent
    const later = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const waiting = later.deliveries.find((d) => d.endpoint_id === endpointId)!;
    expect((await deliveryState(waiting.id)).status).toBe("paused");
    await nothingQueued([waiting.id]);
    expect(r.requests).toHaveLength(1);
  });

  it("an exhausted delivery ends failed after 1 + 2 attempts, and nothing more is sent", async () => {
    const { receiver: r, delivery } = await deliverTo(answer(500));
    await settled(delivery.id, "failed");
    await nothingQueued([delivery.id]);

    expect(await deliveryState(delivery.id)).toMatchObject({ attempt_count: 3, next_attempt_at: null });
    expect((await attemptsOf(delivery.id)).map((a) => a.response_status)).toEqual([500, 500, 500]);
    expect(r.requests.map((a) => a.webhookId)).toEqual(Array(3).fill(delivery.webhook_id));
  });
});

describe("endpoint health", () => {
  it("3 consecutive failures disable the endpoint (reason failing); its retries and later events wait, paused, unsent", async () => {
    // three deliveries whose first attempts fail together: the streak must count all of them
    const held: ServerResponse[] = [];
    const r = await receiver((_request, res) => {
      held.push(res);
      if (held.length === 3) for (const h of held.splice(0)) h.writeHead(500).end("down");
    });
    const { id: endpointId } = await newEndpoint(org, { url: r.url });
    const published = await Promise.all([1, 2, 3].map(() => publishEvent(org, { type: "nfe.authorized", data: invoiceData() })));
    const ids = published.map((p) => p.deliveries.find((d) => d.endpoint_id === endpointId)!.id);

    const endpoint = await waitFor("3 failures on the endpoint", async () => {
      const e = await endpointState(endpointId);
      return e.consecutive_failures >= 3 && e;
    });
    expect(endpoint).toMatchObject({ enabled: false, disabled_reason: "failing" });
    expect(endpoint.disabled_at).toBeInstanceOf(Date);

    const later = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const laterId = later.deliveries.find((d) => d.endpoint_id === endpointId)!.id;

    // the deliveries it was retrying are paused, not cancelled; their queued retries send nothing
    await waitFor("the deliveries to wait, paused", async () =>
      (await deliveryStates([...ids, laterId])).every((d) => d.status === "paused" && d.next_attempt_at === null),
    );
    await nothingQueued([...ids, laterId]);
    expect(r.requests).toHaveLength(3);
  });

  it("a success resets the failure streak", async () => {
    const { endpointId, delivery } = await deliverTo(failFirst(1));
    await waitFor("the first failure to count", async () => (await endpointState(endpointId)).consecutive_failures === 1, {
      intervalMs: 20,
    });
    await settled(delivery.id, "succeeded");

    expect(await endpointState(endpointId)).toMatchObject({ enabled: true, consecutive_failures: 0, failing_since: null });
  });

  it("deleting the endpoint cancels a retrying delivery: the receiver gets nothing more", async () => {
    const { receiver: r, endpointId, delivery } = await deliverTo(answer(500));
    await waitFor("the delivery to wait for its retry", async () => (await deliveryState(delivery.id)).status === "retrying");

    await deleteEndpoint(org, endpointId);
    expect((await deliveryState(delivery.id)).status).toBe("cancelled");

    await nothingQueued([delivery.id]); // the retry job ran (or was dropped) without sending
    expect((await deliveryState(delivery.id)).status).toBe("cancelled");
    expect(r.requests).toHaveLength(1);
    expect(await attemptsOf(delivery.id)).toHaveLength(1);
  });
});

describe("per-endpoint concurrency", () => {
  it("a burst to one endpoint never has more than 3 requests in flight, and each delivery arrives once", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const r = await receiver((request, res) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      res.once("close", () => inFlight--);
      delayed(150)(request, res);
    });
    const { id: endpointId } = await newEndpoint(org, { url: r.url });
    const published = await Promise.all(
      Array.from({ length: 10 }, () => publishEvent(org, { type: "nfe.authorized", data: invoiceData() })),
    );
    const deliveries = published.map((p) => p.deliveries.find((d) => d.endpoint_id === endpointId)!);
    const ids = deliveries.map((d) => d.id);

    await waitFor("all 10 deliveries to succeed", async () => (await deliveryStates(ids)).every((d) => d.status === "succeeded"), {
      timeoutMs: 20_000,
    });
    await nothingQueued(ids);

    expect(maxInFlight).toBe(3);
    expect([...r.countsById().entries()].sort()).toEqual(deliveries.map((d) => [d.webhook_id, 1]).sort());
    for (const d of await deliveryStates(ids)) expect(d.attempt_count).toBe(1); // deferred, never counted as a failure
  });
});

describe("bounded responses", () => {
  it("a response slower than WEBHOOK_TIMEOUT_MS is recorded as a timeout", async () => {
    const { delivery } = await deliverTo((request, res) => (request.index === 0 ? delayed(2_000) : answer(200))(request, res));
    await settled(delivery.id, "succeeded");

    const [slow, retry] = await attemptsOf(delivery.id);
    expect(slow).toMatchObject({ error_kind: "timeout", response_status: null });
    expect(slow!.duration_ms).toBeGreaterThanOrEqual(450);
    expect(slow!.duration_ms).toBeLessThan(1_500);
    expect(retry).toMatchObject({ response_status: 200 });
  });

  it("a 10 MB response body is cut at 20 KB and marked truncated", async () => {
    const { delivery } = await deliverTo((_request, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      let written = 0;
      const pump = () => {
        while (written < 10 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    await settled(delivery.id, "succeeded");

    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt).toMatchObject({ response_status: 200, response_body_truncated: true });
    expect(Buffer.byteLength(attempt!.response_body!)).toBe(MAX_RESPONSE_BODY_BYTES);
  });

  it("a 302 is a failure (redirect) and its Location is never requested", async () => {
    const elsewhere = await receiver();
    const { receiver: r, delivery } = await deliverTo((request, res) =>
      (request.index === 0 ? answer(302, "", { location: elsewhere.url }) : answer(200))(request, res),
    );
    await settled(delivery.id, "succeeded");

    const [redirect] = await attemptsOf(delivery.id);
    expect(redirect).toMatchObject({ response_status: 302, error_kind: "redirect" });
    expect(redirect!.error_message).toContain("not followed");
    expect(r.requests).toHaveLength(2);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
