import { describe, expect, it } from "vitest";
import { acquireSlot, isSlow, releaseSlot } from "@/lib/webhooks/endpoint-slots";

describe("per-endpoint slots", () => {
  it("admits K requests at once and makes the next one wait for a release", async () => {
    const granted = await Promise.all(Array.from({ length: 3 }, () => acquireSlot("ep-a", 0, 3)));
    expect(granted).toEqual([true, true, true]);
    expect(await acquireSlot("ep-a", 0, 3)).toBe(false);
    const waiting = acquireSlot("ep-a", 5_000, 3);
    releaseSlot("ep-a");
    expect(await waiting).toBe(true);
    for (let i = 0; i < 3; i++) releaseSlot("ep-a");
    expect(await acquireSlot("ep-a", 0, 3)).toBe(true);
    releaseSlot("ep-a");
  });

  it("gives up after the wait so a slow receiver's deliveries are deferred, not awaited", async () => {
    expect(await acquireSlot("ep-slow", 0, 1)).toBe(true);
    const started = Date.now();
    expect(await acquireSlot("ep-slow", 50, 1)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    releaseSlot("ep-slow");
    expect(await acquireSlot("ep-slow", 0, 1)).toBe(true);
    releaseSlot("ep-slow");
  });

  it("keeps endpoints apart", async () => {
    expect(await acquireSlot("ep-1", 0, 1)).toBe(true);
    expect(await acquireSlot("ep-2", 0, 1)).toBe(true);
    releaseSlot("ep-1");
    releaseSlot("ep-2");
  });
});

describe("slow endpoints", () => {
  it("are known once their answers take longer than half a second, and forgotten when they speed up", async () => {
    expect(isSlow("ep-2s")).toBe(false);
    expect(await acquireSlot("ep-2s", 0, 1)).toBe(true);
    releaseSlot("ep-2s", 2_000);
    expect(isSlow("ep-2s")).toBe(true);
    for (let i = 0; i < 20; i++) {
      expect(await acquireSlot("ep-2s", 0, 1)).toBe(true);
      releaseSlot("ep-2s", 20);
    }
    expect(isSlow("ep-2s")).toBe(false);
  });

  it("let their waiting deliveries go as soon as an answer shows they are slow", async () => {
    expect(await acquireSlot("ep-turns-slow", 0, 1)).toBe(true);
    const started = Date.now();
    const waiting = acquireSlot("ep-turns-slow", 10_000, 1);
    releaseSlot("ep-turns-slow", 2_000);
    expect(await waiting).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
