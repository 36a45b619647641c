// DATABASE_READ_URL: the log's lists and the health figures are read from the replica, everything else
// from the primary. The "replica" here is another database (a fresh copy of the migrated template) so
// that which one answered is visible: the list is empty there while the primary holds the delivery.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { GET as deliveryRoute } from "@/app/api/v1/deliveries/[id]/route";
import { GET as eventsRoute } from "@/app/api/v1/events/route";
import { GET as healthRoute } from "@/app/api/v1/webhooks/[id]/health/route";
import { closeDb } from "@/lib/db";
import { apiClient, type ApiClient } from "@/test/api-client";
import { endpointAt, publishInvoice } from "@/test/log-fixtures";

const adminUrl = inject("pgAdminUrl");
const replicaName = `r_${randomBytes(6).toString("hex")}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let api: ApiClient;
let endpointId: string;
let deliveryId: string;

beforeAll(async () => {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(`CREATE DATABASE ${replicaName} TEMPLATE ${inject("pgTemplate")} STRATEGY FILE_COPY`);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
  // read-only, as a streaming replica is: a list that tried to write would fail
  process.env.DATABASE_READ_URL = `${adminUrl.replace(/\/postgres$/, `/${replicaName}`)}?options=-c%20default_transaction_read_only%3Don`;
  api = await apiClient("replica@loja.test", "Loja Replica LTDA");
  endpointId = await endpointAt(api.organizationId, "http://127.0.0.1:9/hook");
  const published = await publishInvoice(api.organizationId, { number: 1 });
  deliveryId = published.deliveries[0]!.id;
});

afterAll(async () => {
  await closeDb();
  await admin(`DROP DATABASE IF EXISTS ${replicaName} WITH (FORCE)`);
});

it("reads the delivery log's and the event log's lists, and the health figures, from the replica", async () => {
  const list = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${endpointId}/deliveries`, { id: endpointId });
  expect(list.status, list.text).toBe(200);
  expect(list.json.deliveries).toEqual([]);
  const events = await api.call(eventsRoute, "GET", "/api/v1/events");
  expect(events.status, events.text).toBe(200);
  expect(events.json.events).toEqual([]);
  const health = await api.call(healthRoute, "GET", `/api/v1/webhooks/${endpointId}/health`, { id: endpointId });
  expect(health.status, health.text).toBe(200);
});

it("reads what a person acts on next from the primary: the delivery itself", async () => {
  const detail = await api.call(deliveryRoute, "GET", `/api/v1/deliveries/${deliveryId}`, { id: deliveryId });
  expect(detail.status, detail.text).toBe(200);
  expect(detail.json.delivery.id).toBe(deliveryId);
});
