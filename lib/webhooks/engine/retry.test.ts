import { afterEach, describe, expect, it, vi } from "vitest";
import { maxAttempts, nextRetryDelay, RETRY_PRESETS, retrySchedule, retrySchedulesInForce, type RetryPolicy } from "./retry";

const MIN = 60;
const HOUR = 3600;
const policies = Object.keys(RETRY_PRESETS) as RetryPolicy[];
const lowest = () => 0;
const middle = () => 0.5;
const highest = () => 0.999_999;

describe("retry presets", () => {
  it("default: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h — 10 attempts in all", () => {
    expect(retrySchedule("default", undefined)).toEqual([
      5,
      5 * MIN,
      30 * MIN,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      14 * HOUR,
      20 * HOUR,
      24 * HOUR,
    ]);
    expect(maxAttempts("default")).toBe(10);
  });

  it("Focus NFe: 1 min, 30 min, 1 h, 3 h, 24 h, then stop", () => {
    expect(retrySchedule("focus", undefined)).toEqual([MIN, 30 * MIN, HOUR, 3 * HOUR, 24 * HOUR]);
    expect(maxAttempts("focus")).toBe(6);
  });

  it("Fast Notas: 15 progressive retries over about 48 h", () => {
    const schedule = retrySchedule("fast_notas", undefined);
    expect(schedule).toHaveLength(15);
    expect(maxAttempts("fast_notas")).toBe(16);
    schedule.slice(1).forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual(schedule[i]!));
    const totalHours = schedule.reduce((sum, wait) => sum + wait, 0) / HOUR;
    expect(totalHours).toBeGreaterThan(40);
    expect(totalHours).toBeLessThan(56);
  });

  it("falls back to the default schedule for an unknown policy", () => {
    expect(retrySchedule("forever", undefined)).toEqual(RETRY_PRESETS.default);
  });
});

describe("nextRetryDelay", () => {
  it.each(policies)("keeps the jitter of every %s retry within ±20 %%", (policy) => {
    RETRY_PRESETS[policy].forEach((base, i) => {
      const facts = { attempts: i + 1, errorKind: "http", statusCode: 500 };
      const low = nextRetryDelay(policy, facts, lowest)!;
      const high = nextRetryDelay(policy, facts, highest)!;
      const mid = nextRetryDelay(policy, facts, middle)!;
      expect(low).toBeCloseTo(base * 0.8, 6);
      expect(high).toBeLessThanOrEqual(base * 1.2);
      expect(high).toBeGreaterThan(base * 1.19);
      expect(mid).toBeCloseTo(base, 6);
    });
  });

  it("spreads retries: different random draws give different waits", () => {
    const waits = [0.1, 0.4, 0.7, 0.9].map((r) => nextRetryDelay("default", { attempts: 3 }, () => r));
    expect(new Set(waits).size).toBe(4);
  });

  it("waits at least 60 s after a 429 or a timeout, even where the schedule says 5 s", () => {
    expect(nextRetryDelay("default", { attempts: 1, statusCode: 500 }, lowest)).toBeCloseTo(4, 6);
    expect(nextRetryDelay("default", { attempts: 1, statusCode: 429 }, lowest)).toBe(60);
    expect(nextRetryDelay("default", { attempts: 1, errorKind: "timeout" }, highest)).toBe(60);
    expect(nextRetryDelay("default", { attempts: 3, statusCode: 429 }, middle)).toBe(30 * MIN);
  });

  it("honours Retry-After beyond the scheduled wait", () => {
    expect(nextRetryDelay("default", { attempts: 1, statusCode: 503, retryAfterSeconds: 120 }, middle)).toBe(120);
    expect(nextRetryDelay("default", { attempts: 2, statusCode: 503, retryAfterSeconds: 10 }, middle)).toBe(5 * MIN);
  });

  it("clamps Retry-After to the schedule's longest wait", () => {
    const year = 365 * 24 * HOUR;
    expect(nextRetryDelay("default", { attempts: 1, statusCode: 429, retryAfterSeconds: year }, middle)).toBe(24 * HOUR);
    expect(nextRetryDelay("fast_notas", { attempts: 1, statusCode: 429, retryAfterSeconds: year }, middle)).toBe(10 * HOUR);
  });

  it("returns undefined once the schedule is exhausted", () => {
    for (const policy of policies) {
      const retries = RETRY_PRESETS[policy].length;
      expect(nextRetryDelay(policy, { attempts: retries }, middle)).toEqual(expect.any(Number));
      expect(nextRetryDelay(policy, { attempts: retries + 1 }, middle)).toBeUndefined();
      expect(nextRetryDelay(policy, { attempts: retries + 1, statusCode: 429, retryAfterSeconds: 5 }, middle)).toBeUndefined();
    }
  });
});

describe("WEBHOOK_RETRY_SCHEDULE", () => {
  afterEach(() => {
    delete process.env.WEBHOOK_RETRY_SCHEDULE;
    vi.resetModules();
  });

  it("replaces the preset when passed as the override", () => {
    expect(retrySchedule("focus", [1, 1, 1, 1])).toEqual([1, 1, 1, 1]);
    expect(retrySchedule("focus", [])).toEqual(RETRY_PRESETS.focus);
  });

  it("is what the pages are told is in force for every policy, instead of the presets' own waits", () => {
    const server = retrySchedulesInForce([1, 2, 2, 2]);
    for (const policy of policies) expect(server[policy]).toEqual({ seconds: [1, 2, 2, 2], source: "server" });
    expect(retrySchedulesInForce(undefined).focus).toEqual({ seconds: [...RETRY_PRESETS.focus], source: "policy" });
  });

  it("is read from the environment and replaces every preset, without the 60 s back-off", async () => {
    process.env.WEBHOOK_RETRY_SCHEDULE = "1, 2,3";
    vi.resetModules();
    const retry = await import("./retry");

    expect(retry.retrySchedule("focus")).toEqual([1, 2, 3]);
    expect(retry.maxAttempts("fast_notas")).toBe(4);
    expect(retry.nextRetryDelay("default", { attempts: 1, statusCode: 429 }, middle)).toBe(1);
    expect(retry.nextRetryDelay("default", { attempts: 3, errorKind: "timeout" }, middle)).toBe(3);
    expect(retry.nextRetryDelay("default", { attempts: 4 }, middle)).toBeUndefined();
  });
});
