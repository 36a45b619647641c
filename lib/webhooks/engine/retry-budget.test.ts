// A delivery's automatic attempts (its retry policy's budget) are used up by what its receiver
// answered: an attempt our own crash cut short (the worker killed mid-request, the job run again)
// and a resend a person asked for are logged, and leave the budget as it was. What a cut-short run
// may have sent is logged even when the delivery was paused or ended meanwhile.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOK_RETRY_SCHEDULE = "1,1"; // 3 automatic attempts
});

import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { attemptsOf, deliveryState, invoiceData, newEndpoint, newOrganization, runJob } from "@/test/engine-helpers";
import { answer, startReceiver } from "@/test/receiver";

const hooks: Awaited<ReturnType<typeof startReceiver>>[] = [];
async function receiver(reply: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(reply);
  hooks.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(hooks.map((h) => h.close()));
  await closeDeliverAgents();
});

describe("the retry budget", () => {
  /** The job runs as graphile-worker runs it again after its worker was killed mid-request. */
  async function runCutShort(id: string, jobId: string) {
    await pool().query(`INSERT INTO job_runs (job_id) VALUES ($1)`, [jobId]); // its first run's mark, never cleared
    await pool().query(`UPDATE deliveries SET next_attempt_at = now() WHERE id = $1`, [id]); // its retry is due
    await runJob([id], "auto", jobId);
  }

  it("is used up by what receivers answered, not by attempts our own crashes cut short nor by resends a person asked for", async () => {
    const org = await newOrganization("killed-often");
    const hook = await receiver(answer(500, "fora"));
    await newEndpoint(org, { url: hook.url });
    const { id } = (await publishEvent(org, { type: "nfe.authorized", data: invoiceData() })).deliveries[0]!;

    await runCutShort(id, "9100001");
    expect(await deliveryState(id)).toMatchObject({ status: "retrying", attempt_count: 2 });
    await runJob([id], "manual"); // a person's resend, answered 500 too
    await runCutShort(id, "9100002");
    // 5 attempts logged, 2 of them answered on the automatic schedule: one left
    expect(await deliveryState(id)).toMatchObject({ status: "retrying", attempt_count: 5 });
    await runCutShort(id, "9100003");
    expect(await deliveryState(id)).toMatchObject({ status: "failed", attempt_count: 7, next_attempt_at: null });

    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.number, a.trigger, a.error_kind])).toEqual([
      [1, "auto", "interrupted"],
      [2, "auto", "http"],
      [3, "manual", "http"],
      [4, "auto", "interrupted"],
      [5, "auto", "http"],
      [6, "auto", "interrupted"],
      [7, "auto", "http"],
    ]);
    expect(hook.requests).toHaveLength(4);
  });

  it("a job cut short whose delivery was paused meanwhile still logs the request it may have sent, and sends nothing", async () => {
    const org = await newOrganization("paused-after-kill");
    const hook = await receiver(answer(200));
    await newEndpoint(org, { url: hook.url });
    const { id } = (await publishEvent(org, { type: "nfe.authorized", data: invoiceData() })).deliveries[0]!;
    await pool().query(`INSERT INTO job_runs (job_id) VALUES ($1)`, ["9100004"]); // the run a kill cut short
    await pool().query(`UPDATE deliveries SET status = 'paused', next_attempt_at = NULL WHERE id = $1`, [id]); // its endpoint disabled since
    await runJob([id], "auto", "9100004");
    expect((await attemptsOf(id)).map((a) => [a.number, a.error_kind])).toEqual([[1, "interrupted"]]);
    expect(await deliveryState(id)).toMatchObject({ status: "paused", attempt_count: 1 });
    expect(hook.requests).toHaveLength(0);
  });
});
