// GET /api/v1/deliveries ("Falhas"): the organization's failed (retrying, paused, cancelled)
// deliveries across its webhooks, newest first, filtered like the delivery log, each naming its webhook.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as failuresRoute } from "@/app/api/v1/deliveries/route";
import { pool } from "@/lib/db";
import { failuresQuery } from "@/lib/webhooks/log/deliveries";
import { failureFiltersSchema } from "@/lib/webhooks/log/schemas";
import { apiClient, type ApiClient } from "@/test/api-client";
import { accessKeyFor, cnpjFor, endpointAt, insertDelivery, publishInvoice } from "@/test/log-fixtures";

const base = new Date(Math.floor(Date.now() / 1000) * 1000);
const minutesAgo = (m: number) => new Date(base.getTime() - m * 60_000);

let owner: ApiClient;
let stranger: ApiClient;
let endpointA: string;
let endpointB: string;
let sandbox: string;
const ids: Record<string, string> = {};

const list = async (query = "") => {
  const response = await owner.call(failuresRoute, "GET", `/api/v1/deliveries${query}`);
  expect(response.status, response.text).toBe(200);
  return response.json as { deliveries: { id: string; endpoint: { id: string; url: string } }[]; next_cursor: string | null };
};
const names = (page: { deliveries: { id: string }[] }) => page.deliveries.map((d) => Object.keys(ids).find((name) => ids[name] === d.id));

beforeAll(async () => {
  owner = await apiClient("falhas-lista@loja.test", "Loja Lista LTDA");
  stranger = await apiClient("falhas-outra@mercado.test", "Mercado Lista SA");
  // events first, webhooks after: the publisher creates no delivery; the rows below are the only ones
  const events = [];
  for (let n = 1; n <= 7; n++) events.push((await publishInvoice(owner.organizationId, { number: n, cnpj: cnpjFor(n) })).event.id);
  const cancellation = (await publishInvoice(owner.organizationId, { type: "nfe.cancelled", number: 8, cnpj: cnpjFor(8) })).event.id;
  const strangerEvent = (await publishInvoice(stranger.organizationId, { number: 1 })).event.id;
  endpointA = await endpointAt(owner.organizationId, "http://127.0.0.1:9/a", { description: "ERP" });
  endpointB = await endpointAt(owner.organizationId, "http://127.0.0.1:9/b");
  sandbox = await endpointAt(owner.organizationId, "http://127.0.0.1:9/h", { environment: "homologacao" });
  const strangerEndpoint = await endpointAt(stranger.organizationId, "http://127.0.0.1:9/s");
  const fixtures = [
    ["failedA", owner, events[0], endpointA, "failed", 60],
    ["failedB", owner, events[1], endpointB, "failed", 50],
    ["retryingA", owner, events[2], endpointA, "retrying", 40],
    ["succeededA", owner, events[3], endpointA, "succeeded", 30],
    ["pausedB", owner, events[4], endpointB, "paused", 20],
    ["failedSandbox", owner, events[5], sandbox, "failed", 10],
    ["pendingB", owner, events[6], endpointB, "pending", 5],
    ["cancelledFailedA", owner, cancellation, endpointA, "failed", 1],
    ["strangerFailed", stranger, strangerEvent, strangerEndpoint, "failed", 0],
  ] as const;
  for (const [name, client, eventId, endpointId, status, age] of fixtures) {
    ids[name] = await insertDelivery({
      organizationId: client.organizationId,
      eventId: eventId!,
      endpointId,
      status,
      createdAt: minutesAgo(age),
    });
  }
});

describe("the organization's failures", () => {
  it("are its failed deliveries across webhooks, newest first, each with its webhook; never another organization's", async () => {
    const page = await list();
    expect(names(page)).toEqual(["cancelledFailedA", "failedSandbox", "failedB", "failedA"]);
    expect(page.deliveries[0]).toMatchObject({
      event_type: "nfe.cancelled",
      status: "failed",
      endpoint: { id: endpointA, url: "http://127.0.0.1:9/a", description: "ERP", deleted: false },
      invoice: { number: "8", access_key: accessKeyFor(cnpjFor(8), 8) },
    });
    const strangers = await stranger.call(failuresRoute, "GET", "/api/v1/deliveries");
    expect(strangers.json.deliveries.map((d: { id: string }) => d.id)).toEqual([ids.strangerFailed]);
  });

  it("are listed by status: retrying, paused or cancelled too, and nothing else", async () => {
    expect(names(await list("?status=retrying"))).toEqual(["retryingA"]);
    expect(names(await list("?status=paused"))).toEqual(["pausedB"]);
    expect(names(await list("?status=cancelled"))).toEqual([]);
    for (const status of ["succeeded", "pending", "qualquer"]) {
      const response = await owner.call(failuresRoute, "GET", `/api/v1/deliveries?status=${status}`);
      expect(response.status, status).toBe(422);
      expect(response.json.field_codes, status).toEqual({ status: ["invalid_option"] });
    }
  });

  it("are filtered by webhook, event type, time, search and environment", async () => {
    expect(names(await list(`?endpoint_id=${endpointA}`))).toEqual(["cancelledFailedA", "failedA"]);
    expect(names(await list(`?event_type=nfe.authorized`))).toEqual(["failedSandbox", "failedB", "failedA"]);
    const window = `?from=${minutesAgo(55).toISOString()}&to=${minutesAgo(5).toISOString()}`;
    expect(names(await list(window))).toEqual(["failedSandbox", "failedB"]);
    expect(names(await list(`?q=${accessKeyFor(cnpjFor(2), 2)}`))).toEqual(["failedB"]);
    expect(names(await list(`?q=${cnpjFor(1)}`))).toEqual(["failedA"]);
    expect(names(await list("?environment=producao"))).toEqual(["cancelledFailedA", "failedB", "failedA"]);
    expect(names(await list("?environment=homologacao"))).toEqual(["failedSandbox"]);
    const foreign = await owner.call(failuresRoute, "GET", `/api/v1/deliveries?endpoint_id=nao-e-um-id`);
    expect(foreign.status).toBe(422);
  });

  it("are paged by keyset: the next page goes on where the last one ended", async () => {
    const first = await list("?limit=3");
    expect(names(first)).toEqual(["cancelledFailedA", "failedSandbox", "failedB"]);
    expect(first.next_cursor).toBeTruthy();
    const second = await list(`?limit=3&cursor=${first.next_cursor}`);
    expect([names(second), second.next_cursor]).toEqual([["failedA"], null]);
  });

  it("are read from the partial index of failures, whatever status is asked for (also by a generic plan)", async () => {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off"); // the tables here are tiny: say what the plan can use
      for (const status of ["failed", "paused"]) {
        const { sql, values } = failuresQuery(owner.organizationId, failureFiltersSchema.parse({ status }));
        const custom = await client.query(`EXPLAIN ${sql}`, values);
        // a prepared statement's generic plan knows no status: only the query's own status list can match the index
        const generic = await client.query(`EXPLAIN (GENERIC_PLAN) ${sql}`);
        for (const { rows } of [custom, generic]) {
          const plan = rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n");
          // each day's partition has its copy of deliveries_failures_idx, named by PostgreSQL
          expect(plan, status).toMatch(/deliveries_p\d{8}_organization_id_created_at_id_idx/);
        }
      }
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
