// Rate limits are counted in PostgreSQL: every process shares them. Windows are moved in time by
// editing reset_at, the only clock they read.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { BackoffLimit, deleteExpiredRateLimits, RateLimit } from "@/lib/rate-limit";

let n = 0;
const fresh = (limit: number, windowSeconds = 60) => new RateLimit(`test-${++n}`, limit, windowSeconds);

/** Moves a key's window so that it ends in `seconds` (negative: it ended that long ago). */
async function endWindowIn(limit: { name: string }, key: string, seconds: number) {
  await pool().query(`UPDATE rate_limits SET reset_at = now() + make_interval(secs => $2) WHERE key = $1`, [
    `${limit.name}:${key}`,
    seconds,
  ]);
}

describe("RateLimit", () => {
  it("lets through up to the limit within the window, then answers the seconds left", async () => {
    const limit = fresh(3);
    for (let i = 0; i < 3; i++) {
      expect(await limit.blockedFor("email:a@example.com")).toBe(0);
      expect(await limit.hit("email:a@example.com")).toBe(0);
    }
    expect(await limit.blockedFor("email:a@example.com")).toBe(60);
    expect(await limit.hit("email:a@example.com")).toBe(60);
    await endWindowIn(limit, "email:a@example.com", 29.5);
    expect(await limit.blockedFor("email:a@example.com")).toBe(30);
  });

  it("starts a fresh count once the window has passed", async () => {
    const limit = fresh(2);
    await limit.hit("k");
    await limit.hit("k");
    expect(await limit.blockedFor("k")).toBeGreaterThan(0);
    await endWindowIn(limit, "k", -1);
    expect(await limit.blockedFor("k")).toBe(0);
    expect(await limit.hit("k")).toBe(0);
    expect(await limit.hit("k")).toBe(0);
    expect(await limit.hit("k")).toBeGreaterThan(0);
  });

  it("counts each key, and each limit, on its own", async () => {
    const [one, other] = [fresh(1), fresh(1)];
    await one.hit("ip:10.0.0.1");
    expect(await one.blockedFor("ip:10.0.0.1")).toBeGreaterThan(0);
    expect(await one.blockedFor("ip:10.0.0.2")).toBe(0);
    expect(await other.blockedFor("ip:10.0.0.1")).toBe(0);
  });

  it("counts concurrent hits exactly (one row per key, updated atomically)", async () => {
    const limit = fresh(50);
    const waits = await Promise.all(Array.from({ length: 60 }, () => limit.hit("burst")));
    expect(waits.filter((w) => w === 0)).toHaveLength(50);
    expect(waits.filter((w) => w > 0)).toHaveLength(10);
  });

  it("does not count a check, and forgets a key on reset", async () => {
    const limit = fresh(1);
    for (let i = 0; i < 5; i++) expect(await limit.blockedFor("k")).toBe(0);
    await limit.hit("k");
    await limit.reset("k");
    expect(await limit.blockedFor("k")).toBe(0);
  });

  it("housekeeping deletes only windows that ended", async () => {
    const limit = fresh(5);
    await limit.hit("old");
    await limit.hit("current");
    await endWindowIn(limit, "old", -10);
    await deleteExpiredRateLimits(pool());
    const { rows } = await pool().query(`SELECT key FROM rate_limits WHERE key LIKE $1 ORDER BY key`, [`${limit.name}:%`]);
    expect(rows.map((r) => r.key)).toEqual([`${limit.name}:current`]);
  });
});

describe("BackoffLimit", () => {
  it("lets the first failures through, then makes each one wait longer", async () => {
    const limit = new BackoffLimit(`backoff-${++n}`, 3, 900, 900);
    for (let i = 0; i < 3; i++) {
      expect(await limit.blockedFor("pair")).toBe(0);
      await limit.hit("pair");
    }
    expect(await limit.blockedFor("pair")).toBe(2);
    await limit.hit("pair");
    expect(await limit.blockedFor("pair")).toBe(4);
    await limit.hit("pair");
    expect(await limit.blockedFor("pair")).toBe(8);
  });

  it("never waits past the cap, and a success forgets the failures", async () => {
    const limit = new BackoffLimit(`backoff-${++n}`, 1, 900, 10);
    for (let i = 0; i < 8; i++) await limit.hit("pair");
    expect(await limit.blockedFor("pair")).toBe(10);
    await limit.reset("pair");
    expect(await limit.blockedFor("pair")).toBe(0);
  });

  it("waits only until the delay after the last failure has passed", async () => {
    const limit = new BackoffLimit(`backoff-${++n}`, 1, 900, 900);
    await limit.hit("pair");
    await limit.hit("pair");
    expect(await limit.blockedFor("pair")).toBe(4);
    // the last failure happened 5 s ago: its 4 s are over
    await endWindowIn(limit, "pair", 895);
    expect(await limit.blockedFor("pair")).toBe(0);
  });
});
