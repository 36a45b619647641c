// The per-endpoint limiter with fake timers: every wait is measured on the test's clock, not slept.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EndpointLimiter, type SlotDecision } from "@/lib/webhooks/engine/endpoint-limiter";

const limiter = (limit: number) => new EndpointLimiter({ limit, waitMs: 2_000, slowMs: 500, stallMs: 200, patientWaitMs: 15_000 });

/** Resolves what `promise` settled to by now, or "pending". */
async function state(promise: Promise<SlotDecision>): Promise<SlotDecision | "pending"> {
  return Promise.race([promise, Promise.resolve("pending" as const)]);
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe("slots", () => {
  it("grants K requests at once and makes the next one wait for a release, which passes it the slot", async () => {
    const l = limiter(3);
    for (let i = 0; i < 3; i++) expect(await l.acquire("ep")).toEqual({ granted: true });
    const waiting = l.acquire("ep");
    await vi.advanceTimersByTimeAsync(150);
    expect(await state(waiting)).toBe("pending");
    l.release("ep", 5);
    expect(await waiting).toEqual({ granted: true });
  });

  it("keeps endpoints apart", async () => {
    const l = limiter(1);
    expect(await l.acquire("ep-1")).toEqual({ granted: true });
    expect(await l.acquire("ep-2")).toEqual({ granted: true });
  });

  it("defers as busy after waitMs although the endpoint kept finishing requests", async () => {
    const l = limiter(1);
    await l.acquire("ep");
    const waiters = Array.from({ length: 20 }, () => l.acquire("ep"));
    // one request finishes every 150 ms, and its slot goes to the next waiter in line
    for (let t = 0; t < 2_100; t += 150) {
      await vi.advanceTimersByTimeAsync(150);
      l.release("ep", 5);
    }
    const decisions = await Promise.all(waiters.map(state));
    expect(decisions.slice(0, 13)).toEqual(Array(13).fill({ granted: true }));
    expect(decisions.slice(14)).toEqual(Array(6).fill({ granted: false, defer: "busy" }));
  });
});

describe("slow endpoints", () => {
  it("are slow once their answers average over slowMs, deferred at once, and forgotten when they speed up", async () => {
    const l = limiter(1);
    await l.acquire("ep");
    l.release("ep", 2_000);
    expect(l.isSlow("ep")).toBe(true);
    expect(await l.acquire("ep")).toEqual({ granted: false, defer: "slow" });
    expect(await l.acquire("ep", { patient: true })).toEqual({ granted: true });
    for (let i = 0; i < 20; i++) {
      l.release("ep", 20);
      await l.acquire("ep", { patient: true });
    }
    expect(l.isSlow("ep")).toBe(false);
  });

  it("make a waiter give up as stalled once nothing finished for stallMs, and count as slow", async () => {
    const l = limiter(2);
    await l.acquire("ep");
    await l.acquire("ep");
    const waiting = l.acquire("ep");
    await vi.advanceTimersByTimeAsync(199);
    expect(await state(waiting)).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toEqual({ granted: false, defer: "stalled" });
    expect(l.isSlow("ep")).toBe(true);
  });

  it("do not stop a patient (queued) delivery from waiting for its slot", async () => {
    const l = limiter(1);
    await l.acquire("ep");
    const waiting = l.acquire("ep", { patient: true });
    await vi.advanceTimersByTimeAsync(5_000); // many stall periods without a finished request
    expect(await state(waiting)).toBe("pending");
    l.release("ep", 5);
    expect(await waiting).toEqual({ granted: true });
  });

  it("let a patient delivery go as busy after patientWaitMs", async () => {
    const l = limiter(1);
    await l.acquire("ep");
    const waiting = l.acquire("ep", { patient: true });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await waiting).toEqual({ granted: false, defer: "busy" });
  });

  it("let their impatient waiters go as soon as an answer shows they are slow; patient ones keep their turn", async () => {
    const l = limiter(1);
    await l.acquire("ep");
    const impatient = l.acquire("ep");
    const patient = l.acquire("ep", { patient: true });
    l.release("ep", 2_000);
    expect(await impatient).toEqual({ granted: false, defer: "slow" });
    expect(await patient).toEqual({ granted: true });
  });
});
