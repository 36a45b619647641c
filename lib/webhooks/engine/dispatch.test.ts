// Retry timing as recorded by one run of the `deliver` task with the REAL schedule (no
// WEBHOOK_RETRY_SCHEDULE override): the task runs directly, no worker picks up the retries, and the
// tests read `next_attempt_at` and the queued job instead of waiting minutes.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  delete process.env.WEBHOOK_RETRY_SCHEDULE;
  process.env.WEBHOOK_TIMEOUT_MS = "300";
});

import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { RETRY_PRESETS } from "@/lib/webhooks/engine/retry";
import { attemptsOf, deliveryState, invoiceData, jobsFor, newEndpoint, newOrganization, runJob } from "@/test/engine-helpers";
import { answer, startReceiver, type Receiver, type Reply } from "@/test/receiver";

let org: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  org = await newOrganization("dispatch");
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => closeDeliverAgents());

/** One delivery to a fresh endpoint answering with `reply`, attempted once; returns the wait it recorded. */
async function attemptOnce(reply: Reply) {
  const receiver = await startReceiver(reply);
  receivers.push(receiver);
  const { id: endpointId } = await newEndpoint(org, { url: receiver.url });
  const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
  const delivery = published.deliveries.find((d) => d.endpoint_id === endpointId)!;

  await runJob([delivery.id]);

  const state = await deliveryState(delivery.id);
  const [attempt] = await attemptsOf(delivery.id);
  const finishedAt = attempt!.started_at.getTime() + attempt!.duration_ms;
  const waitSeconds = state.next_attempt_at ? (state.next_attempt_at.getTime() - finishedAt) / 1000 : undefined;
  const retryJobs = (await jobsFor([delivery.id])).filter((job) => job.run_at.getTime() > Date.now() + 1000);
  return { state, attempt: attempt!, waitSeconds, retryJobs, receiver };
}

const [firstWait] = RETRY_PRESETS.default; // 5 s

describe("the default schedule, not overridden", () => {
  it("a 500 waits the first scheduled retry, ±20 %, and queues the retry for then", async () => {
    const { state, waitSeconds, retryJobs } = await attemptOnce(answer(500));
    expect(state.status).toBe("retrying");
    expect(waitSeconds).toBeGreaterThanOrEqual(firstWait * 0.8 - 0.01);
    expect(waitSeconds).toBeLessThanOrEqual(firstWait * 1.2 + 0.01);
    expect(retryJobs.map((j) => j.run_at.getTime())).toEqual([state.next_attempt_at!.getTime()]);
  });

  it("a 429 backs off at least 60 s, although the schedule says 5 s", async () => {
    const { state, attempt, waitSeconds, retryJobs } = await attemptOnce(answer(429));
    expect(attempt.response_status).toBe(429);
    expect(state.status).toBe("retrying");
    expect(waitSeconds).toBeGreaterThanOrEqual(60);
    expect(retryJobs).toHaveLength(1);
  });

  it("a timeout backs off at least 60 s", async () => {
    const { state, attempt, waitSeconds } = await attemptOnce(() => undefined); // never answers
    expect(attempt).toMatchObject({ error_kind: "timeout", response_status: null });
    expect(state.status).toBe("retrying");
    expect(waitSeconds).toBeGreaterThanOrEqual(60);
  });

  it("Retry-After longer than the schedule is honoured", async () => {
    const { waitSeconds } = await attemptOnce(answer(503, "busy", { "retry-after": "120" }));
    expect(waitSeconds).toBeCloseTo(120, 2);
  });

  it("Retry-After is clamped to the schedule's longest wait", async () => {
    const { waitSeconds } = await attemptOnce(answer(503, "busy", { "retry-after": String(30 * 24 * 3600) }));
    expect(waitSeconds).toBeCloseTo(Math.max(...RETRY_PRESETS.default), 2);
  });
});
