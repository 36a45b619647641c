// "Enviar evento de exemplo": to the chosen webhook only, as a manual attempt of a real delivery;
// only types its subscription covers, valid data, admins of the organization.
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as exampleRoute } from "@/app/api/v1/webhooks/[id]/example/route";
import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { startWorker, type WorkerHandle } from "@/lib/webhooks/engine/worker";
import { apiClient, type ApiClient } from "@/test/api-client";
import { waitFor } from "@/test/engine-helpers";
import { endpointAt } from "@/test/log-fixtures";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

let api: ApiClient;
let chosen: Receiver;
let bystander: Receiver;
let worker: WorkerHandle;
beforeAll(async () => {
  api = await apiClient("exemplo@loja.test", "Loja Exemplo");
  [chosen, bystander] = await Promise.all([startReceiver(answer(200)), startReceiver(answer(200))]);
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 2, pollIntervalMs: 100 });
});
afterAll(async () => {
  await worker.stop();
  await Promise.all([chosen.close(), bystander.close()]);
  await closeDeliverAgents();
});

it("sends the example to that webhook only, as a manual attempt of a real delivery, with the data as edited", async () => {
  const id = await endpointAt(api.organizationId, chosen.url, { event_types: ["nfe.authorized", "nfe.cancelled"] });
  await endpointAt(api.organizationId, bystander.url);
  const sent = await api.call(exampleRoute, "POST", `/api/v1/webhooks/${id}/example`, {
    id,
    body: { type: "nfe.cancelled", data: { ...(await catalogExample("nfe.cancelled")), justificativa: "Teste do integrador" } },
  });
  expect(sent.status).toBe(202);
  await waitFor("the example at the chosen receiver", () => chosen.events().length === 1);
  const body = JSON.parse(chosen.events()[0]!.body) as { type: string; data: { justificativa: string } };
  expect(body).toMatchObject({ type: "nfe.cancelled", data: { justificativa: "Teste do integrador" } });
  expect(chosen.events()[0]!.webhookId).toBe(sent.json.delivery.webhook_id);
  // the receiver answered before the worker recorded it: wait for the record
  const rows = await waitFor("the recorded attempt", async () => {
    const { rows } = await pool().query(
      `SELECT a.trigger, d.status, ev.published_by FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN events ev ON ev.id = d.event_id
       WHERE a.delivery_id = $1 AND d.status = 'succeeded'`,
      [sent.json.delivery.id],
    );
    return rows.length ? rows : undefined;
  });
  expect(rows).toEqual([{ trigger: "manual", status: "succeeded", published_by: expect.stringMatching(/^example:token:/) }]);
  expect(
    (await pool().query(`SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1`, [sent.json.delivery.event_id])).rows[0].n,
  ).toBe(1);
  expect(bystander.requests).toHaveLength(0);
});

it("refuses a type outside the subscription, invalid data and another organization's webhook, sending nothing", async () => {
  const id = await endpointAt(api.organizationId, chosen.url, { event_types: ["nfe.authorized"] });
  const before = chosen.requests.length;
  const outside = await api.call(exampleRoute, "POST", `/api/v1/webhooks/${id}/example`, { id, body: { type: "nfe.cancelled" } });
  expect(outside.status).toBe(422);
  expect(outside.json.field_codes.type).toEqual(["event_type.not_subscribed"]);
  const invalid = await api.call(exampleRoute, "POST", `/api/v1/webhooks/${id}/example`, {
    id,
    body: { type: "nfe.authorized", data: { access_key: "123" } },
  });
  expect(invalid.status).toBe(422);
  const other = await apiClient("outra@exemplo.test", "Outra Loja");
  expect((await other.call(exampleRoute, "POST", `/api/v1/webhooks/${id}/example`, { id, body: { type: "nfe.authorized" } })).status).toBe(
    404,
  );
  // the catalog example when no data is given
  const plain = await api.call(exampleRoute, "POST", `/api/v1/webhooks/${id}/example`, { id, body: { type: "nfe.authorized" } });
  expect(plain.status).toBe(202);
  await waitFor("only the valid example", () => chosen.requests.length === before + 1);
});

async function catalogExample(type: string) {
  const { getEventType } = await import("@/lib/webhooks/catalog");
  return getEventType(type)!.example as Record<string, unknown>;
}
