// Publishes made at the same time share statements, commits and worker jobs, yet each caller gets
// exactly its own event and deliveries.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { ensureAccount } from "@/lib/auth/accounts";
import { createEndpoint } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";
import { getEventType } from "@/lib/webhooks/catalog";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { FRESH_CHANNEL } from "@/lib/webhooks/engine/job";
import { expectedDeliverJob, graphileJobs, waitFor } from "@/test/engine-helpers";

const example = getEventType("nfe.authorized")!.example;

describe("batched publishing", () => {
  it("stores 60 concurrent events with their own deliveries in fewer jobs than events", async () => {
    const { user } = await ensureAccount("batch@example.com", "Batch");
    const org = user.organizationId;
    for (const port of [1, 2])
      await createEndpoint(org, createEndpointSchema.parse({ url: `http://127.0.0.1:${port}/`, skip_verification: true }));
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        publishEvent(org, { type: "nfe.authorized", id: `b-${i}`, data: { ...example, number: String(1000 + i) } }),
      ),
    );

    expect(new Set(results.map((r) => r.event.id)).size).toBe(60);
    for (const [i, r] of results.entries()) {
      expect(r.created).toBe(true);
      expect(r.event.idempotency_key).toBe(`b-${i}`);
      expect(r.deliveries).toHaveLength(2);
      const { rows } = await pool().query(
        `SELECT e.number FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = ANY ($1::uuid[])`,
        [r.deliveries.map((d) => d.id)],
      );
      expect(rows.map((x) => x.number)).toEqual([String(1000 + i), String(1000 + i)]);
    }
    const { rows } = await pool().query<{ jobs: number; ids: number }>(
      `SELECT count(*)::int AS jobs, sum(json_array_length(payload->'deliveries'))::int AS ids FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id WHERE j.task_identifier = 'deliver'`,
    );
    expect(rows[0]!.ids).toBe(120);
    expect(rows[0]!.jobs).toBeLessThan(60);
  });

  it("answers each duplicate in a batch with the one stored event", async () => {
    const { user } = await ensureAccount("dup@example.com", "Dup");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => publishEvent(user.organizationId, { type: "nfe.authorized", id: "same", data: example })),
    );
    expect(new Set(results.map((r) => r.event.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [user.organizationId]);
    expect(rows[0].n).toBe(1);
  });

  it("inserts graphile-worker's own jobs, tells listening workers at commit, and registers the 'deliver' task should it be missing", async () => {
    const { user } = await ensureAccount("jobs@example.com", "Jobs");
    await createEndpoint(user.organizationId, createEndpointSchema.parse({ url: "http://127.0.0.1:3/", skip_verification: true }));
    await pool().query(`DELETE FROM graphile_worker._private_jobs`);
    await pool().query(`DELETE FROM graphile_worker._private_tasks WHERE identifier = 'deliver'`);
    const listener = await pool().connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(`${n.channel} ${n.payload}`));
    try {
      await listener.query(`LISTEN "jobs:insert"; LISTEN ${FRESH_CHANNEL}`);
      const first = await publishEvent(user.organizationId, { type: "nfe.authorized", id: "j-1", data: example });
      const second = await publishEvent(user.organizationId, { type: "nfe.authorized", id: "j-2", data: example });
      await expect.poll(() => heard.length).toBe(2);
      // a publish names its few jobs, for the worker that hears it to take at once (fresh-jobs.ts)
      const ids = (await pool().query<{ id: string }>(`SELECT id::text FROM graphile_worker._private_jobs ORDER BY id`)).rows.map(
        (r) => r.id,
      );
      expect(heard).toEqual(ids.map((id) => `${FRESH_CHANNEL} ${id}`));
      // as graphile-worker's own view shows them: available now, 25 attempts, no queue or key
      const rows = await graphileJobs();
      expect(rows.map(({ run_at, ...r }) => ({ ...r, due: (run_at as Date) <= new Date() }))).toEqual(
        [first, second].map((r) => ({ ...expectedDeliverJob({ deliveries: r.deliveries.map((d) => d.id) }), due: true })),
      );
    } finally {
      listener.release();
    }
  });
  it("releasing what one organization's publish stored paused does not hold back anyone else's publishing", async () => {
    const quiet = (await ensureAccount("paused-org@example.com", "Paused")).user.organizationId;
    const busy = (await ensureAccount("busy-org@example.com", "Busy")).user.organizationId;
    const { endpoint: disabled } = await createEndpoint(
      quiet,
      createEndpointSchema.parse({ url: "http://127.0.0.1:4/", skip_verification: true }),
    );
    await pool().query(`UPDATE endpoints SET enabled = false WHERE id = $1`, [disabled.id]);
    await createEndpoint(busy, createEndpointSchema.parse({ url: "http://127.0.0.1:5/", skip_verification: true }));
    // the race the release is for: the endpoint is enabled while the publish stores its delivery
    // paused; and that release waits for a lock this test holds (as it would behind a busy row)
    await pool().query(`CREATE FUNCTION test_enable_late() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE endpoints SET enabled = true WHERE id = NEW.endpoint_id; RETURN NULL; END $$`);
    await pool().query(`CREATE TRIGGER test_enable_late AFTER INSERT ON deliveries FOR EACH ROW WHEN (NEW.status = 'paused')
      EXECUTE FUNCTION test_enable_late()`);
    await pool().query(`CREATE FUNCTION test_hold_release() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END $$`);
    await pool().query(`CREATE TRIGGER test_hold_release BEFORE UPDATE ON deliveries FOR EACH ROW
      WHEN (OLD.status = 'paused' AND NEW.status = 'pending') EXECUTE FUNCTION test_hold_release()`);
    const holder = await pool().connect();
    await holder.query(`SELECT pg_advisory_lock(4242)`);
    let released = false;
    try {
      const held = publishEvent(quiet, { type: "nfe.authorized", data: example }).then((r) => ((released = true), r));
      await waitFor("the release to wait", async () => {
        const { rows } = await pool().query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        return rows.length > 0;
      });
      let answered = false;
      const other = publishEvent(busy, { type: "nfe.authorized", data: example }).then((r) => ((answered = true), r));
      await waitFor("the other organization's publish to be answered", () => answered, { timeoutMs: 10_000 });
      expect((await other).deliveries).toHaveLength(1);
      expect(released).toBe(false);
      await holder.query(`SELECT pg_advisory_unlock(4242)`);
      const { deliveries } = await held;
      const { rows } = await pool().query(`SELECT status FROM deliveries WHERE id = $1`, [deliveries[0]!.id]);
      expect(rows).toEqual([{ status: "pending" }]);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      holder.release();
      await pool().query(`DROP TRIGGER test_enable_late ON deliveries; DROP TRIGGER test_hold_release ON deliveries`);
    }
  });
});
