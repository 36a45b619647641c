import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/rate-limit";

const t0 = 1_800_000_000_000;

describe("RateLimiter", () => {
  it("lets through up to the limit within the window, then blocks with the seconds left", () => {
    const limiter = new RateLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor("email:a@example.com", t0 + i)).toBe(0);
      limiter.hit("email:a@example.com", t0 + i);
    }
    expect(limiter.blockedFor("email:a@example.com", t0 + 10)).toBe(60);
    expect(limiter.blockedFor("email:a@example.com", t0 + 30_000)).toBe(30);
    expect(limiter.blockedFor("email:a@example.com", t0 + 59_999)).toBe(1);
  });

  it("lets through again once the window has passed, with a fresh count", () => {
    const limiter = new RateLimiter(2, 60_000);
    limiter.hit("k", t0);
    limiter.hit("k", t0 + 1);
    expect(limiter.blockedFor("k", t0 + 2)).toBeGreaterThan(0);
    expect(limiter.blockedFor("k", t0 + 60_000)).toBe(0);
    limiter.hit("k", t0 + 60_000);
    expect(limiter.blockedFor("k", t0 + 60_001)).toBe(0);
    limiter.hit("k", t0 + 60_001);
    expect(limiter.blockedFor("k", t0 + 60_002)).toBeGreaterThan(0);
  });

  it("counts each key on its own", () => {
    const limiter = new RateLimiter(1, 60_000);
    limiter.hit("ip:10.0.0.1", t0);
    expect(limiter.blockedFor("ip:10.0.0.1", t0)).toBeGreaterThan(0);
    expect(limiter.blockedFor("ip:10.0.0.2", t0)).toBe(0);
  });

  it("does not count a check as a hit", () => {
    const limiter = new RateLimiter(1, 60_000);
    for (let i = 0; i < 5; i++) expect(limiter.blockedFor("k", t0)).toBe(0);
  });

  it("forgets a key on reset (a successful sign-in)", () => {
    const limiter = new RateLimiter(1, 60_000);
    limiter.hit("k", t0);
    limiter.reset("k");
    expect(limiter.blockedFor("k", t0 + 1)).toBe(0);
  });
});
