// An endpoint's health as the dashboard shows it, computed from attempts with known times, outcomes and
// durations: success rate and p50/p95 over 24 h and 7 days, hourly buckets, and the auto-disable countdown.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/v1/webhooks/[id]/health/route";
import { pool } from "@/lib/db";
import { recordOutcomes, type AttemptRecord } from "@/lib/webhooks/engine/record";
import { apiClient, type ApiClient } from "@/test/api-client";
import { endpointAt, insertAttempts, publishInvoice, type AttemptFixture } from "@/test/log-fixtures";

const UNUSED_URL = "http://127.0.0.1:9/hooks";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let api: ApiClient;
let endpoint: string;
let other: string;
let idle: string;
let delivery: Record<string, string>;
const now = Date.now();

// the last 24 h: 21 attempts of 10, 20, …, 210 ms, four of them failures (a timeout has no status)
const failures = new Map<number, number | null>([
  [3, 500],
  [8, 404],
  [13, null],
  [18, 302],
]);
const recent: AttemptFixture[] = Array.from({ length: 21 }, (_, i) => ({
  startedAt: new Date(now - (i * 65 + 1) * MINUTE),
  durationMs: 10 * (i + 1),
  status: failures.has(i) ? failures.get(i)! : 200,
}));
// 25 h to ~6 days ago: 9 failures of 1000, 1100, …, 1800 ms
const earlier: AttemptFixture[] = Array.from({ length: 9 }, (_, j) => ({
  startedAt: new Date(now - (25 + 14 * j) * HOUR),
  durationMs: 1000 + 100 * j,
  status: 500,
}));
// never counted: older than 7 days, or test pings
const ignored: AttemptFixture[] = [
  { startedAt: new Date(now - 8 * DAY), durationMs: 99_999, status: 200 },
  { startedAt: new Date(now - 10 * DAY), durationMs: 99_999, status: 500 },
  ...[5, 50, 500].map((m) => ({ startedAt: new Date(now - m * MINUTE), durationMs: 77_777, status: 200, trigger: "test" as const })),
  { startedAt: new Date(now - 2 * MINUTE), durationMs: 77_777, status: 503, trigger: "test" as const },
];

async function health(endpointId: string, query = "") {
  const response = await api.call(healthRoute, "GET", `/api/v1/webhooks/${endpointId}/health${query}`, { id: endpointId });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

beforeAll(async () => {
  api = await apiClient("saude@loja.test", "Loja Saude LTDA");
  endpoint = await endpointAt(api.organizationId, UNUSED_URL);
  other = await endpointAt(api.organizationId, UNUSED_URL);
  idle = await endpointAt(api.organizationId, UNUSED_URL, { event_types: ["nfse.cancelled"] });
  const published = await publishInvoice(api.organizationId, { number: 1 });
  delivery = Object.fromEntries(published.deliveries.map((d) => [d.endpoint_id, d.id]));
  await insertAttempts(delivery[endpoint]!, endpoint, [...recent, ...earlier, ...ignored]);
  await insertAttempts(
    delivery[other]!,
    other,
    Array.from({ length: 5 }, (_, i) => ({ startedAt: new Date(now - i * MINUTE), durationMs: 5555, status: 500 })),
  );
});

describe("endpoint health", () => {
  it("computes success rate and p50/p95 latency over the last 24 hours and 7 days, ignoring test pings and other endpoints", async () => {
    const body = await health(endpoint);
    expect(body.last_24h).toEqual({ attempts: 21, succeeded: 17, success_rate: 0.8095, p50_ms: 110, p95_ms: 200 });
    expect(body.last_7d).toEqual({ attempts: 30, succeeded: 17, success_rate: 0.5667, p50_ms: 155, p95_ms: 1655 });
  });

  it("counts attempts per hour by outcome over the last 24 hours, oldest first", async () => {
    const buckets = new Map<string, { succeeded: number; failed: number }>();
    for (const a of recent) {
      const hour = new Date(Math.floor(a.startedAt.getTime() / HOUR) * HOUR).toISOString();
      const bucket = buckets.get(hour) ?? { succeeded: 0, failed: 0 };
      if (a.status !== null && a.status >= 200 && a.status < 300) bucket.succeeded++;
      else bucket.failed++;
      buckets.set(hour, bucket);
    }
    const expected = [...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([hour, counts]) => ({ hour, ...counts }));
    const { hourly } = await health(endpoint);
    expect(hourly).toEqual(expected);
    expect(hourly.reduce((n: number, b: { succeeded: number; failed: number }) => n + b.succeeded + b.failed, 0)).toBe(21);
  });

  it("names the most recent failed attempt, leaving a later failed test request aside", async () => {
    const { last_failure } = await health(endpoint);
    expect(last_failure).toEqual({
      at: recent[3]!.startedAt.toISOString(),
      status_code: 500,
      error_kind: "http",
      error_message: null,
      delivery_id: delivery[endpoint],
      attempt_number: 4,
      event_type: expect.stringMatching(/^nfe\./),
    });
  });

  it("shows nothing to compute for an endpoint without attempts", async () => {
    const body = await health(idle);
    const empty = { attempts: 0, succeeded: 0, success_rate: null, p50_ms: null, p95_ms: null };
    expect(body).toMatchObject({
      last_24h: empty,
      last_7d: empty,
      hourly: [],
      consecutive_failures: 0,
      failing_since: null,
      last_failure: null,
    });
    expect(body.auto_disable).toEqual({ after_days: 5, after_failures: 1000, at: null, failures_left: 1000 });
  });

  it("counts down to auto-disable from the failure streak the worker records, and resets it on a success", async () => {
    const t0 = new Date(now - 2 * DAY);
    const outcome = (startedAt: Date, ok: boolean): AttemptRecord => ({
      delivery_id: delivery[other]!,
      endpoint_id: other,
      trigger: "auto",
      started_at: startedAt.toISOString(),
      duration_ms: 12,
      request_headers: {},
      response_status: ok ? 200 : 503,
      response_headers: {},
      response_body: "",
      response_body_bytes: 0,
      response_body_truncated: false,
      error_kind: ok ? null : "http",
      error_message: ok ? null : "HTTP 503",
      status: ok ? "succeeded" : "retrying",
      next_attempt_at: null,
      gone: false,
    });
    await recordOutcomes(pool(), [{ attempt: outcome(t0, false) }]);
    await recordOutcomes(pool(), [{ attempt: outcome(new Date(t0.getTime() + MINUTE), false) }]);
    await recordOutcomes(pool(), [{ attempt: outcome(new Date(t0.getTime() + 2 * MINUTE), false) }]);
    const failing = await health(other);
    expect(failing).toMatchObject({ consecutive_failures: 3, failing_since: t0.toISOString(), enabled: true });
    expect(failing.auto_disable).toEqual({
      after_days: 5,
      after_failures: 1000,
      at: new Date(t0.getTime() + 5 * DAY).toISOString(),
      failures_left: 997,
    });

    await recordOutcomes(pool(), [{ attempt: outcome(new Date(), true) }]);
    const recovered = await health(other);
    expect(recovered).toMatchObject({ consecutive_failures: 0, failing_since: null });
    expect(recovered.auto_disable).toMatchObject({ at: null, failures_left: 1000 });
  });

  it("has no countdown for a disabled endpoint, and says why it was disabled", async () => {
    await pool().query(
      `UPDATE endpoints SET enabled = false, disabled_reason = 'failing', disabled_at = now(), consecutive_failures = 1000, failing_since = now() - interval '5 days' WHERE id = $1`,
      [idle],
    );
    const body = await health(idle);
    expect(body).toMatchObject({ enabled: false, disabled_reason: "failing", disabled_at: expect.any(String), consecutive_failures: 1000 });
    expect(body.auto_disable).toMatchObject({ at: null, failures_left: null });
  });

  it("adds the endpoint's deliveries by status in a window when asked (progress of a recover)", async () => {
    const body = await health(endpoint, `?from=${new Date(now - HOUR).toISOString()}`);
    expect(body.deliveries_by_status).toEqual({ pending: 1 });
    const before = await health(endpoint, `?from=${new Date(now - 3 * HOUR).toISOString()}&to=${new Date(now - 2 * HOUR).toISOString()}`);
    expect(before.deliveries_by_status).toEqual({});
  });
});
