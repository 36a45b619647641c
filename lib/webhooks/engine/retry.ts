// When to try a failed delivery again: per-endpoint presets, WEBHOOK_RETRY_SCHEDULE for tests and
// demos, ±20 % jitter, Retry-After honoured (clamped), 429 and timeouts wait at least 60 s.
import { env } from "@/lib/env";

const MIN = 60;
const HOUR = 3600;

/** Seconds to wait before retry n (index 0 = the wait after the first failure). */
export const RETRY_PRESETS = {
  // immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (~3 days)
  default: [5, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR],
  // Focus NFe: 1 min, 30 min, 1 h, 3 h, 24 h, then stop
  focus: [MIN, 30 * MIN, HOUR, 3 * HOUR, 24 * HOUR],
  // Fast Notas: 15 progressive retries over ~48 h
  fast_notas: [
    MIN,
    2 * MIN,
    5 * MIN,
    10 * MIN,
    20 * MIN,
    30 * MIN,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    4 * HOUR,
    5 * HOUR,
    6 * HOUR,
    7 * HOUR,
    8 * HOUR,
    10 * HOUR,
  ],
} as const;

export type RetryPolicy = keyof typeof RETRY_PRESETS;
export const retryPolicies = Object.keys(RETRY_PRESETS) as RetryPolicy[];

export function retrySchedule(policy: string, override = env.WEBHOOK_RETRY_SCHEDULE): readonly number[] {
  if (override?.length) return override;
  return RETRY_PRESETS[policy as RetryPolicy] ?? RETRY_PRESETS.default;
}

export interface RetryScheduleInForce {
  /** the waits before each retry, in seconds */
  seconds: number[];
  /** "policy": the preset's own; "server": WEBHOOK_RETRY_SCHEDULE replaces every preset */
  source: "policy" | "server";
}

/** What each policy's deliveries follow on this server, for the pages to show instead of the presets' text. */
export function retrySchedulesInForce(override = env.WEBHOOK_RETRY_SCHEDULE): Record<RetryPolicy, RetryScheduleInForce> {
  const source = override?.length ? "server" : "policy";
  return Object.fromEntries(retryPolicies.map((policy) => [policy, { seconds: [...retrySchedule(policy, override)], source }])) as Record<
    RetryPolicy,
    RetryScheduleInForce
  >;
}

/** Total attempts a delivery gets: the first plus one per scheduled retry. */
export function maxAttempts(policy: string): number {
  return retrySchedule(policy).length + 1;
}

export interface FailureFacts {
  /** attempts made so far, including the one that just failed */
  attempts: number;
  errorKind?: string;
  statusCode?: number;
  retryAfterSeconds?: number;
}

/**
 * Seconds until the next attempt, or undefined when the schedule is exhausted.
 * `random` is injectable so tests can pin the jitter.
 */
export function nextRetryDelay(policy: string, facts: FailureFacts, random = Math.random): number | undefined {
  const schedule = retrySchedule(policy);
  const base = schedule[facts.attempts - 1];
  if (base === undefined) return undefined;
  const overridden = Boolean(env.WEBHOOK_RETRY_SCHEDULE?.length);
  let delay = base * (1 + (random() * 0.4 - 0.2));
  const backOff = facts.statusCode === 429 || facts.errorKind === "timeout";
  if (backOff && !overridden) delay = Math.max(delay, 60);
  if (facts.retryAfterSeconds !== undefined) delay = Math.max(delay, Math.min(facts.retryAfterSeconds, Math.max(...schedule)));
  return Math.max(0, delay);
}
