import { describe, expect, it } from "vitest";
import { acquireSlot, isSlow, releaseSlot } from "@/lib/webhooks/engine/endpoint-slots";

describe("per-endpoint slots", () => {
  it("admits K requests at once and makes the next one wait for a release", async () => {
    const granted = await Promise.all(Array.from({ length: 3 }, () => acquireSlot("ep-a", 0, { limit: 3 })));
    expect(granted).toEqual([true, true, true]);
    expect(await acquireSlot("ep-a", 0, { limit: 3 })).toBe(false);
    const waiting = acquireSlot("ep-a", 5_000, { limit: 3 });
    releaseSlot("ep-a");
    expect(await waiting).toBe(true);
    for (let i = 0; i < 3; i++) releaseSlot("ep-a");
    expect(await acquireSlot("ep-a", 0, { limit: 3 })).toBe(true);
    releaseSlot("ep-a");
  });

  it("gives up after the wait so a slow receiver's deliveries are deferred, not awaited", async () => {
    expect(await acquireSlot("ep-slow", 0, { limit: 1 })).toBe(true);
    const started = Date.now();
    expect(await acquireSlot("ep-slow", 50, { limit: 1 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    releaseSlot("ep-slow");
    expect(await acquireSlot("ep-slow", 0, { limit: 1 })).toBe(true);
    releaseSlot("ep-slow");
  });

  it("keeps endpoints apart", async () => {
    expect(await acquireSlot("ep-1", 0, { limit: 1 })).toBe(true);
    expect(await acquireSlot("ep-2", 0, { limit: 1 })).toBe(true);
    releaseSlot("ep-1");
    releaseSlot("ep-2");
  });
});

describe("slow endpoints", () => {
  it("are known once their answers take longer than half a second, and forgotten when they speed up", async () => {
    expect(isSlow("ep-2s")).toBe(false);
    expect(await acquireSlot("ep-2s", 0, { limit: 1 })).toBe(true);
    releaseSlot("ep-2s", 2_000);
    expect(isSlow("ep-2s")).toBe(true);
    for (let i = 0; i < 20; i++) {
      expect(await acquireSlot("ep-2s", 0, { limit: 1 })).toBe(true);
      releaseSlot("ep-2s", 20);
    }
    expect(isSlow("ep-2s")).toBe(false);
  });

  it("make a waiter give up once nothing has finished for 200 ms, before any answer", async () => {
    for (let i = 0; i < 2; i++) expect(await acquireSlot("ep-stuck", 0, { limit: 2 })).toBe(true);
    const started = Date.now();
    expect(await acquireSlot("ep-stuck", 10_000, { limit: 2 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(isSlow("ep-stuck")).toBe(true); // the next deliveries do not wait
    releaseSlot("ep-stuck");
    releaseSlot("ep-stuck");
  });

  it("do not stop a queued delivery from waiting for its slot", async () => {
    expect(await acquireSlot("ep-queued", 0, { limit: 1 })).toBe(true);
    const waiting = acquireSlot("ep-queued", 5_000, { limit: 1, waitThroughStalls: true });
    await new Promise((r) => setTimeout(r, 400)); // two stall periods without a finished request
    releaseSlot("ep-queued", 5);
    expect(await waiting).toBe(true);
    releaseSlot("ep-queued");
  });

  it("keep a waiter waiting while the endpoint keeps finishing requests", async () => {
    for (let i = 0; i < 2; i++) expect(await acquireSlot("ep-busy", 0, { limit: 2 })).toBe(true);
    const first = acquireSlot("ep-busy", 5_000, { limit: 2 });
    const second = acquireSlot("ep-busy", 5_000, { limit: 2 });
    // one request finishes every 150 ms; each waiter is served in turn, the second after 300 ms
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 150));
    releaseSlot("ep-busy", 5);
    expect(await first).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    releaseSlot("ep-busy", 5);
    expect(await second).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    releaseSlot("ep-busy");
    releaseSlot("ep-busy");
  });

  it("let their waiting deliveries go as soon as an answer shows they are slow", async () => {
    expect(await acquireSlot("ep-turns-slow", 0, { limit: 1 })).toBe(true);
    const started = Date.now();
    const waiting = acquireSlot("ep-turns-slow", 10_000, { limit: 1 });
    const queued = acquireSlot("ep-turns-slow", 10_000, { limit: 1, waitThroughStalls: true });
    releaseSlot("ep-turns-slow", 2_000);
    expect(await waiting).toBe(false);
    expect(await queued).toBe(true); // a delivery already in the endpoint's queue keeps its turn
    releaseSlot("ep-turns-slow", 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
