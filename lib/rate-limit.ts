// Fixed-window counters in memory: enough for one web process; each process limits on its own.
import { processShared } from "@/lib/runtime/process-shared";

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait when `key` is over the limit, otherwise 0. Does not count. */
  blockedFor(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now || w.count < this.limit) return 0;
    return Math.ceil((w.resetAt - now) / 1000);
  }

  hit(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    } else w.count++;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/** Failed sign-ins per e-mail and per client address: 5 per 15 minutes. */
export const signInLimiter = processShared("sign-in-limiter", () => new RateLimiter(5, 15 * 60_000));
/** Failed API authentications per client address: 30 per minute. */
export const tokenGuessLimiter = processShared("token-guess-limiter", () => new RateLimiter(30, 60_000));
/** Sign-ups per client address: 30 per hour. */
export const signUpLimiter = processShared("sign-up-limiter", () => new RateLimiter(30, 60 * 60_000));
