// Limits kept in PostgreSQL (UNLOGGED table rate_limits), so that every web process and node counts
// the same: fixed windows for failures (bad tokens, sign-in, sign-up), a growing delay per sign-in
// pair, slots for work in flight (test pings). A token's publish budget lives there too, spent by
// the token lookup's own statement (lib/auth/tokens.ts). Reads and changes by a valid token never
// touch it.
import "server-only";
import type pg from "pg";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { TooManyRequests } from "@/lib/errors";

const HIT_SQL = `
INSERT INTO rate_limits (key, count, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
  reset_at = CASE WHEN rate_limits.reset_at <= now() THEN excluded.reset_at ELSE rate_limits.reset_at END
RETURNING count, extract(epoch FROM reset_at - now())::float8 AS seconds_left`;

const READ_SQL = `SELECT count, extract(epoch FROM reset_at - now())::float8 AS seconds_left FROM rate_limits WHERE key = $1 AND reset_at > now()`;

export class RateLimit {
  constructor(
    /** prefix of the keys, so limits never share counters */
    readonly name: string,
    readonly limit: number,
    readonly windowSeconds: number,
  ) {}

  /** Counts one more for `key`. Seconds to wait when this one is past the limit, else 0. */
  async hit(key: string): Promise<number> {
    const { rows } = await pool().query<{ count: number; seconds_left: number }>({
      name: "rate-limit-hit",
      text: HIT_SQL,
      values: [`${this.name}:${key}`, this.windowSeconds],
    });
    const row = rows[0]!;
    return row.count > this.limit ? Math.max(1, Math.ceil(row.seconds_left)) : 0;
  }

  /** Seconds to wait when `key` has used up its window, else 0. Counts nothing. */
  async blockedFor(key: string): Promise<number> {
    const { rows } = await pool().query<{ count: number; seconds_left: number }>({
      name: "rate-limit-read",
      text: READ_SQL,
      values: [`${this.name}:${key}`],
    });
    const row = rows[0];
    return row && row.count >= this.limit ? Math.max(1, Math.ceil(row.seconds_left)) : 0;
  }

  async reset(key: string): Promise<void> {
    await pool().query(`DELETE FROM rate_limits WHERE key = $1`, [`${this.name}:${key}`]);
  }
}

/** Forgets windows that ended (the worker's hourly housekeeping). */
export async function deleteExpiredRateLimits(db: pg.Pool): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM rate_limits WHERE reset_at < now()`);
  return rowCount ?? 0;
}

/** Failed sign-ins per client address, whatever the e-mail: 20 per 15 minutes. */
export const signInAddressLimit = new RateLimit("sign-in-address", 20, 15 * 60);
/** Failed API authentications per client address: 30 per minute. */
export const tokenGuessLimit = new RateLimit("token-guess", 30, 60);
/** Sign-ups per client address: 30 per hour. */
export const signUpLimit = new RateLimit("sign-up", 30, 60 * 60);

// the last failure was at reset_at - window; it is followed by a delay of 2^(count - free + 1) s
const BACKOFF_WAIT_SQL = `
-- never more than the delay itself, also when the clock steps back between the hit and this read
SELECT CASE WHEN count < $2 THEN 0 ELSE least(d.delay, extract(epoch FROM
  reset_at - make_interval(secs => $3) + make_interval(secs => d.delay) - clock_timestamp())::float8) END AS wait
FROM rate_limits, LATERAL (SELECT least(power(2, count - $2 + 1), $4)::float8 AS delay) d
WHERE key = $1 AND reset_at > now()`;

const BACKOFF_HIT_SQL = `
INSERT INTO rate_limits (key, count, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
ON CONFLICT (key) DO UPDATE SET count = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
  reset_at = excluded.reset_at`;

/**
 * Failures with a growing delay: the first `free` failures cost nothing, then each one makes the
 * key wait 2, 4, 8 … seconds (at most `maxDelaySeconds`) after it; a quiet window forgets them all.
 */
export class BackoffLimit {
  constructor(
    readonly name: string,
    readonly free: number,
    readonly windowSeconds: number,
    readonly maxDelaySeconds: number,
  ) {}

  /** Seconds `key` must still wait after its last failure, else 0. */
  async blockedFor(key: string): Promise<number> {
    const { rows } = await pool().query<{ wait: number }>({
      name: "backoff-wait",
      text: BACKOFF_WAIT_SQL,
      values: [`${this.name}:${key}`, this.free, this.windowSeconds, this.maxDelaySeconds],
    });
    const wait = rows[0]?.wait ?? 0;
    return wait > 0 ? Math.ceil(wait) : 0;
  }

  /** One more failure; the window restarts from now. */
  async hit(key: string): Promise<void> {
    await pool().query({ name: "backoff-hit", text: BACKOFF_HIT_SQL, values: [`${this.name}:${key}`, this.windowSeconds] });
  }

  async reset(key: string): Promise<void> {
    await pool().query(`DELETE FROM rate_limits WHERE key = $1`, [`${this.name}:${key}`]);
  }
}

/** Wrong passwords for one e-mail from one address: 3 free, then a growing delay (at most 15 min). */
export const signInPairLimit = new BackoffLimit("sign-in-pair", 3, 15 * 60, 15 * 60);

const SLOT_TAKE_SQL = `
INSERT INTO rate_limits AS s (key, count, reset_at) VALUES ($1, 1, now() + make_interval(secs => $3))
ON CONFLICT (key) DO UPDATE SET count = CASE WHEN s.reset_at <= now() THEN 1 ELSE s.count + 1 END, reset_at = excluded.reset_at
WHERE s.reset_at <= now() OR s.count < $2
RETURNING count`;

const SLOT_GIVE_SQL = `UPDATE rate_limits SET count = greatest(count - 1, 0) WHERE key = $1`;

/**
 * At most `max` of something in flight per key, across every process. A slot a crashed process never
 * gave back is forgotten `leaseSeconds` after the key's last take (longer than the work can last).
 */
export class InFlightLimit {
  constructor(
    readonly name: string,
    private readonly max: () => number,
    private readonly leaseSeconds: () => number,
  ) {}

  /** Runs `work` in a slot of `key`, or throws TooManyRequests when every slot is taken. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const slot = `${this.name}:${key}`;
    const { rowCount } = await pool().query({ name: "slot-take", text: SLOT_TAKE_SQL, values: [slot, this.max(), this.leaseSeconds()] });
    if (!rowCount) {
      throw new TooManyRequests(2, `at most ${this.max()} of these may run at once for your organization: wait for one to finish`);
    }
    try {
      return await work();
    } finally {
      await pool().query({ name: "slot-give", text: SLOT_GIVE_SQL, values: [slot] });
    }
  }
}

/** Test requests to receivers: a receiver that never answers holds a few, never the whole service. */
export const pingsInFlight = new InFlightLimit(
  "pings",
  () => env.MAX_PINGS_IN_FLIGHT_PER_ORG,
  () => (env.WEBHOOK_CONNECT_TIMEOUT_MS + env.WEBHOOK_TIMEOUT_MS) / 1000 + 30,
);

/** Password-reset requests per client address (each may send an e-mail). */
export const passwordResetLimit = new RateLimit("password-reset", 10, 60 * 60);
