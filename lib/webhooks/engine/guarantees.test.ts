// A receiver can only harm itself: whatever it answers (NUL bytes, invalid UTF-8, binary), its
// attempt is recorded and the other deliveries of the same job — another organization's among them —
// are sent exactly once. A row PostgreSQL refuses is recorded on its own, never by sending again.
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { recordOutcomes, type AttemptRecord } from "@/lib/webhooks/engine/record";
import {
  attemptRecord,
  attemptsOf,
  deliveryState,
  invoiceData,
  jobsFor,
  newEndpoint,
  newOrganization,
  runJob,
} from "@/test/engine-helpers";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
async function receiver(reply: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(reply);
  receivers.push(started);
  return started;
}
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await closeDeliverAgents();
});

const BINARY = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28, 0x00, 0x80]);

describe("receivers that answer what PostgreSQL cannot store", () => {
  it("are recorded (text sanitised, byte length kept), and a bystander organization in the same job gets each delivery once", async () => {
    const [orgA, orgB] = [await newOrganization("poison"), await newOrganization("bystander")];
    const nul = await receiver(answer(200, "ok\u0000\u0000"));
    const binary = await receiver((_request, res) => void res.writeHead(500, { "content-type": "application/octet-stream" }).end(BINARY));
    const healthy = await receiver(answer(200));
    const a1 = (await newEndpoint(orgA, { url: nul.url })).id;
    const a2 = (await newEndpoint(orgA, { url: binary.url })).id;
    const b = (await newEndpoint(orgB, { url: healthy.url })).id;
    const ofA = (await publishEvent(orgA, { type: "nfe.authorized", data: invoiceData() })).deliveries;
    const ofB = await Promise.all([1, 2, 3].map(() => publishEvent(orgB, { type: "nfe.authorized", data: invoiceData() })));
    const ids = [...ofA.map((d) => d.id), ...ofB.flatMap((p) => p.deliveries.map((d) => d.id))];

    // one job with both organizations' deliveries, as the publisher batches them under load
    await runJob(ids, "auto", "9000001");
    // the same job again (as graphile-worker would re-run it after a failure): nothing is due, nothing is sent
    await runJob(ids, "auto", "9000001");

    expect(healthy.requests).toHaveLength(3);
    expect(new Set(healthy.requests.map((r) => r.webhookId)).size).toBe(3);
    expect(nul.requests).toHaveLength(1);
    expect(binary.requests).toHaveLength(1);
    for (const published of ofB) expect((await deliveryState(published.deliveries[0]!.id)).status).toBe("succeeded");

    const [nulAttempt] = await attemptsOf(ofA.find((d) => d.endpoint_id === a1)!.id);
    expect(nulAttempt).toMatchObject({ response_status: 200, response_body: "ok\uFFFD\uFFFD" });
    const [binaryAttempt] = await attemptsOf(ofA.find((d) => d.endpoint_id === a2)!.id);
    expect(binaryAttempt).toMatchObject({ response_status: 500 });
    expect(binaryAttempt!.response_body).not.toContain("\u0000");
    const { rows } = await pool().query(`SELECT response_body_bytes FROM attempts WHERE delivery_id = $1`, [
      ofA.find((d) => d.endpoint_id === a2)!.id,
    ]);
    expect(rows[0].response_body_bytes).toBe(BINARY.length);
    expect(b).toBeTruthy();
  });
});

function attemptFor(deliveryId: string, endpointId: string, body: string): AttemptRecord {
  return attemptRecord(deliveryId, endpointId, { response_body: body, response_body_bytes: body.length });
}

describe("recording", () => {
  it("records each row it can, and the one PostgreSQL refuses as an error attempt, so nothing is sent twice", async () => {
    const org = await newOrganization("fallback");
    const hook = await receiver(answer(200));
    await newEndpoint(org, { url: hook.url });
    const deliveries = await Promise.all([1, 2, 3].map(() => publishEvent(org, { type: "nfe.authorized", data: invoiceData() })));
    const ids = deliveries.map((p) => p.deliveries[0]!);
    // the job these outcomes end was marked started by its load (dispatch.ts)
    const jobId = "987654321";
    await pool().query(`INSERT INTO job_runs (job_id) VALUES ($1)`, [jobId]);
    // a NUL that reached the statement (text columns refuse it): the whole batch's statement fails
    await recordOutcomes(
      pool(),
      [
        { attempt: attemptFor(ids[0]!.id, ids[0]!.endpoint_id, "ok") },
        { attempt: attemptFor(ids[1]!.id, ids[1]!.endpoint_id, "bad\u0000body") },
        { attempt: attemptFor(ids[2]!.id, ids[2]!.endpoint_id, "ok") },
      ],
      { finishedJob: jobId },
    );
    // recorded in pieces, the job is still marked finished (a later run would log "interrupted" attempts)
    expect((await pool().query(`SELECT 1 FROM job_runs WHERE job_id = $1`, [jobId])).rowCount).toBe(0);
    const recorded = await Promise.all(ids.map((d) => attemptsOf(d.id)));
    expect(recorded.map((list) => list.length)).toEqual([1, 1, 1]);
    expect(recorded[1]![0]).toMatchObject({ response_status: 200, response_body: null, error_kind: "unrecordable" });
    expect(recorded[1]![0]!.error_message).toMatch(/could not be stored/);
    for (const d of ids) expect((await deliveryState(d.id)).status).toBe("succeeded");
    expect(hook.requests).toHaveLength(0);
  });

  it("gives up on a row PostgreSQL refuses even without the receiver's answer, instead of trying it forever", async () => {
    const org = await newOrganization("refused");
    const hook = await receiver(answer(200));
    await newEndpoint(org, { url: hook.url });
    const { deliveries } = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const { id, endpoint_id } = deliveries[0]!;
    // an attempt numbered 1 that the delivery's count does not know of: the next number collides
    await pool().query(
      `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers) VALUES ($1, $2, 1, 'auto', now(), 1, '{}')`,
      [id, endpoint_id],
    );
    const failed = { ...attemptFor(id, endpoint_id, "no"), response_status: 503, error_kind: "http", status: "retrying" as const };
    const jobId = "987654322";
    await pool().query(`INSERT INTO job_runs (job_id) VALUES ($1)`, [jobId]);
    await recordOutcomes(pool(), [{ attempt: failed }], { finishedJob: jobId });
    expect(await attemptsOf(id)).toHaveLength(1);
    expect((await pool().query(`SELECT 1 FROM job_runs WHERE job_id = $1`, [jobId])).rowCount).toBe(0);
  }, 10_000);

  it("keeps a delivery paused while its job was sending paused: the attempt is logged, no retry is scheduled", async () => {
    const org = await newOrganization("paused-meanwhile");
    const hook = await receiver(answer(200));
    await newEndpoint(org, { url: hook.url });
    const { deliveries } = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const { id, endpoint_id } = deliveries[0]!;
    await pool().query(`DELETE FROM graphile_worker._private_jobs`);
    await pool().query(`UPDATE deliveries SET status = 'paused', next_attempt_at = NULL WHERE id = $1`, [id]);
    const retryAt = new Date(Date.now() + 60_000).toISOString();
    const failed = {
      ...attemptFor(id, endpoint_id, "fora"),
      response_status: 500,
      error_kind: "http",
      status: "retrying" as const,
      next_attempt_at: retryAt,
    };
    await recordOutcomes(pool(), [{ attempt: failed, job: { deliveries: [id], run_at: retryAt, trigger: "auto" } }]);
    expect(await deliveryState(id)).toMatchObject({ status: "paused" });
    expect(await attemptsOf(id)).toHaveLength(1);
    expect(await jobsFor([id])).toEqual([]);
  });

  it("makes a delivery paused, cancelled or discarded while its job was sending succeeded when the receiver accepted it, so it is never sent again", async () => {
    const org = await newOrganization("accepted-meanwhile");
    const hook = await receiver(answer(200));
    await newEndpoint(org, { url: hook.url });
    for (const meanwhile of ["paused", "cancelled", "discarded"] as const) {
      const { deliveries } = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
      const { id, endpoint_id } = deliveries[0]!;
      await pool().query(`DELETE FROM graphile_worker._private_jobs`);
      await pool().query(`UPDATE deliveries SET status = $2, next_attempt_at = NULL WHERE id = $1`, [id, meanwhile]);
      await recordOutcomes(pool(), [{ attempt: attemptFor(id, endpoint_id, "ok") }]);
      expect(await deliveryState(id), meanwhile).toMatchObject({ status: "succeeded", attempt_count: 1 });
      expect(await attemptsOf(id)).toHaveLength(1);
    }
  });
});
