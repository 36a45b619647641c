// Failure streaks are counted after the attempts are recorded, one statement at a time per process:
// a failing endpoint's row, locked to count, holds one connection however many jobs recorded its
// failures, and none of those jobs' attempts wait for it.
import { afterAll, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { recordOutcomes } from "@/lib/webhooks/engine/record";
import { combine, streakPieces, type StreakPiece } from "@/lib/webhooks/engine/streaks";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { attemptRecord, attemptsOf, endpointState, newEndpoint, newOrganization, publishMany, waitFor } from "@/test/engine-helpers";

afterAll(closeDeliverAgents);

const JOBS = 12;
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s)).toISOString();
const piece = (s: number, reset: boolean, failures: number, first: number | null): StreakPiece => ({
  endpoint_id: "e",
  reset,
  failures,
  first_failure_at: first === null ? null : at(first),
  gone: false,
  last_at: at(s),
});

it("counts the failures after the last success, in the order the attempts were made", () => {
  const attempt = (s: number, ok: boolean, gone = false) =>
    attemptRecord("00000000-0000-0000-0000-000000000001", "e", { started_at: at(s), status: ok ? "succeeded" : "retrying", gone });
  // failure, success, two failures (one of them 410): the count restarts at the success
  expect(streakPieces([attempt(4, false), attempt(1, false), attempt(2, true), attempt(3, false, true)])).toEqual([
    { endpoint_id: "e", reset: true, failures: 2, first_failure_at: at(3), gone: true, last_at: at(4) },
  ]);
  // attempts cut short by our own crash say nothing of the receiver
  expect(streakPieces([attemptRecord("00000000-0000-0000-0000-000000000001", "e", { error_kind: "interrupted" })])).toEqual([]);
  // pieces of several jobs, whatever order they arrive in
  expect(combine([piece(9, false, 3, 7), piece(5, true, 1, 5), piece(2, false, 4, 1)])).toEqual([
    { endpoint_id: "e", reset: true, failures: 4, first_failure_at: at(5), gone: false, last_at: at(9) },
  ]);
  expect(combine([piece(2, false, 4, 1), piece(9, false, 3, 7)])).toEqual([
    { endpoint_id: "e", reset: false, failures: 7, first_failure_at: at(1), gone: false, last_at: at(9) },
  ]);
});

it("holds one connection on a failing endpoint's locked row, whatever the number of jobs, and loses no failure", async () => {
  const org = await newOrganization("streaks");
  const { id: endpointId } = await newEndpoint(org, { url: "http://127.0.0.1:9/", skip_verification: true });
  const ids = (await publishMany(org, JOBS)).map((d) => d.id);
  const holder = await pool().connect();
  try {
    // someone else holds the endpoint's row (an edit, another process counting)
    await holder.query(`BEGIN`);
    await holder.query(`SELECT 1 FROM endpoints WHERE id = $1 FOR NO KEY UPDATE`, [endpointId]);
    const recordings = ids.map((id) =>
      recordOutcomes(pool(), [{ attempt: attemptRecord(id, endpointId, { response_status: 503, status: "retrying" }) }]),
    );
    // every job's attempt is on record while its streak waits
    await waitFor("every attempt", async () => (await Promise.all(ids.map(attemptsOf))).every((a) => a.length === 1));
    const waitingOnLocks = async () =>
      (
        await pool().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        )
      ).rows[0]!.n;
    await waitFor("the streak's statement to wait", async () => (await waitingOnLocks()) === 1);
    expect(await waitingOnLocks()).toBe(1);
    await holder.query(`COMMIT`);
    await Promise.all(recordings);
  } finally {
    holder.release();
  }
  expect((await endpointState(endpointId)).consecutive_failures).toBe(JOBS);
});

it("skips writing a healthy endpoint's successes, never a failure nor the success after it", async () => {
  const org = await newOrganization("streaks-clean");
  const { id: endpointId } = await newEndpoint(org, { url: "http://127.0.0.1:9/", skip_verification: true });
  const [a, b, c] = (await publishMany(org, 3)).map((d) => d.id);
  const ok = (id: string) => ({ attempt: attemptRecord(id, endpointId) });
  const failed = (id: string) => ({ attempt: attemptRecord(id, endpointId, { response_status: 503, status: "retrying" }) });
  await recordOutcomes(pool(), [ok(a!)]); // the endpoint is known clean for a second
  await recordOutcomes(pool(), [failed(b!)]);
  expect((await endpointState(endpointId)).consecutive_failures).toBe(1);
  await recordOutcomes(pool(), [ok(c!)]);
  expect(await endpointState(endpointId)).toMatchObject({ consecutive_failures: 0, failing_since: null });
});
