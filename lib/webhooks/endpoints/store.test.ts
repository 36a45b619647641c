// A person's change to an endpoint can close a lock cycle with the engine: the worker records a batch
// (its deliveries locked, then the endpoint) while pausing what an auto-disabled endpoint kept waiting
// (the endpoint shared, then its deliveries). PostgreSQL breaks the cycle by failing the statement
// that waited first — the person's. The change must go through all the same, never answer 500.
import { afterAll, expect, it } from "vitest";
import type pg from "pg";
import { pool } from "@/lib/db";
import { publishInvoice, endpointAt, waitUntil } from "@/test/log-fixtures";
import { apiClient } from "@/test/api-client";
import { updateEndpoint } from "@/lib/webhooks/endpoints/store";
import { updateEndpointSchema } from "@/lib/webhooks/endpoints/schemas";

const held: pg.PoolClient[] = [];
afterAll(() => held.forEach((client) => client.release()));

async function transaction(): Promise<pg.PoolClient> {
  const client = await pool().connect();
  held.push(client);
  await client.query("BEGIN");
  // they look for a cycle after the person's statement does (1 s, the default): it is the one failed
  await client.query("SET LOCAL deadlock_timeout = '2s'");
  return client;
}

/** Whether some backend is waiting on a lock with a statement that contains `text`. */
async function waitingOn(text: string): Promise<boolean> {
  const { rows } = await pool().query(
    `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
    [text],
  );
  return rows.length > 0;
}

it("enabling an endpoint survives being the statement PostgreSQL picks to break a deadlock with the engine", async () => {
  const { organizationId } = await apiClient("impasse@loja.test", "Loja Impasse LTDA");
  const endpointId = await endpointAt(organizationId, "http://127.0.0.1:9/hook");
  await publishInvoice(organizationId, { number: 1 });
  const { rows } = await pool().query<{ id: string }>(`SELECT id FROM deliveries WHERE endpoint_id = $1`, [endpointId]);
  const deliveryId = rows[0]!.id;
  await pool().query(`UPDATE endpoints SET enabled = false, disabled_at = now(), disabled_reason = 'failing' WHERE id = $1`, [endpointId]);

  // the pause statement: the endpoint shared…
  const pausing = await transaction();
  await pausing.query(`SELECT id FROM endpoints WHERE id = $1 FOR SHARE`, [endpointId]);
  // …the engine recording: the delivery locked…
  const recording = await transaction();
  await recording.query(`UPDATE deliveries SET attempt_count = attempt_count + 1 WHERE id = $1`, [deliveryId]);

  // the person enables it: waits for the pause statement
  const enabling = updateEndpoint(organizationId, endpointId, updateEndpointSchema.parse({ enabled: true }));
  await waitUntil("the person's update waits for the endpoint", () => waitingOn(`UPDATE "public"."endpoints"`));

  // …the engine wants the endpoint (queued behind the person), the pause statement the delivery: a cycle
  const recordingDone = recording
    .query(`SELECT id FROM endpoints WHERE id = $1 FOR NO KEY UPDATE`, [endpointId])
    .then(() => recording.query("COMMIT"))
    .catch(async (error: unknown) => {
      await recording.query("ROLLBACK");
      return error;
    });
  await waitUntil("the engine waits for the endpoint", () => waitingOn("FOR NO KEY UPDATE"));
  const pausingDone = pausing
    .query(`SELECT id FROM deliveries WHERE id = $1 FOR UPDATE`, [deliveryId])
    .then(() => pausing.query("COMMIT"))
    .catch(async (error: unknown) => {
      await pausing.query("ROLLBACK");
      return error;
    });

  const updated = await enabling;
  await Promise.all([recordingDone, pausingDone]);
  expect(updated.enabled).toBe(true);
  const { rows: after } = await pool().query(`SELECT enabled, disabled_at FROM endpoints WHERE id = $1`, [endpointId]);
  expect(after[0]).toEqual({ enabled: true, disabled_at: null });
});
