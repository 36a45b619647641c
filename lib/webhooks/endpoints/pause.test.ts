// Pausing a disabled endpoint's deliveries leaves alone those a running job may be sending right now:
// paused under that job, "deliver what was paused" would send them a second time while the first
// request is still being answered. The job's own, once it has recorded them, are paused.
import { expect, it } from "vitest";
import { pool } from "@/lib/db";
import { pauseEndpointDeliveries } from "@/lib/webhooks/endpoints/pause";
import { apiClient } from "@/test/api-client";
import { endpointAt, publishInvoice } from "@/test/log-fixtures";

const statusOf = async (id: string) =>
  (await pool().query<{ status: string }>(`SELECT status FROM deliveries WHERE id = $1`, [id])).rows[0]!.status;

it("pauses what waits, not what a running job holds, unless that job has just recorded it", async () => {
  const { organizationId } = await apiClient("pausa@loja.test", "Loja Pausa LTDA");
  const endpointId = await endpointAt(organizationId, "http://127.0.0.1:9/hook");
  const [sending, waiting, recorded] = await Promise.all(
    [1, 2, 3].map(async (number) => (await publishInvoice(organizationId, { number })).deliveries[0]!.id),
  );
  // a running job (locked) holds `sending` and `recorded`
  const { rows } = await pool().query<{ id: string }>(
    `SELECT (graphile_worker.add_job('deliver', json_build_object('deliveries', json_build_array($1::text, $2::text)))).id`,
    [sending, recorded],
  );
  await pool().query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'test-worker' WHERE id = $1`, [rows[0]!.id]);
  await pool().query(`UPDATE endpoints SET enabled = false WHERE id = $1`, [endpointId]);

  expect(await pauseEndpointDeliveries(pool(), [endpointId], [recorded])).toBe(2);
  expect(await statusOf(waiting)).toBe("paused");
  expect(await statusOf(recorded)).toBe("paused");
  expect(await statusOf(sending)).toBe("pending");
});
