// Publishing: which endpoints get a delivery (subscriptions, CNPJ filters, disabled and deleted
// endpoints, other organizations), what is refused, and idempotency by `id`. No worker runs in this
// file, so the fan-out jobs stay queued where the tests can count them.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { pool } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { deleteEndpoint } from "@/lib/webhooks/endpoints/store";
import { exampleCompanyCnpj, exampleRecipientCnpj } from "@/lib/webhooks/catalog/example-ids";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { apiClient } from "@/test/api-client";
import { invoiceData, jobsFor, newEndpoint, newOrganization } from "@/test/engine-helpers";

const URL = "http://127.0.0.1:9/hooks"; // never contacted: no worker runs here

async function storedCounts(organizationId: string) {
  const { rows } = await pool().query<{ events: number; deliveries: number; jobs: number }>(
    `SELECT (SELECT count(*)::int FROM events WHERE organization_id = $1) AS events,
            (SELECT count(*)::int FROM deliveries WHERE organization_id = $1) AS deliveries,
            (SELECT count(*)::int FROM graphile_worker._private_jobs) AS jobs`,
    [organizationId],
  );
  return rows[0]!;
}

async function deliveryRowsOf(eventId: string) {
  const { rows } = await pool().query<{
    id: string;
    endpoint_id: string;
    event_type: string;
    status: string;
    attempt_count: number;
    organization_id: string;
  }>(`SELECT id, endpoint_id, event_type, status::text, attempt_count, organization_id FROM deliveries WHERE event_id = $1`, [eventId]);
  return rows;
}

const sorted = (ids: string[]) => [...ids].sort();

describe("fan-out", () => {
  let org: string;
  const ep: Record<string, string> = {};

  beforeAll(async () => {
    org = await newOrganization("fanout");
    ep.all = (await newEndpoint(org, { url: URL })).id;
    ep.authorizedOnly = (await newEndpoint(org, { url: URL, event_types: ["nfe.authorized"] })).id;
    ep.cancelledOnly = (await newEndpoint(org, { url: URL, event_types: ["nfe.cancelled"] })).id;
    ep.cnpjIssuer = (await newEndpoint(org, { url: URL, cnpjs: [exampleCompanyCnpj] })).id;
    ep.cnpjOther = (await newEndpoint(org, { url: URL, cnpjs: [exampleRecipientCnpj] })).id;
    ep.disabled = (await newEndpoint(org, { url: URL, enabled: false })).id;
    ep.deleted = (await newEndpoint(org, { url: URL })).id;
    await deleteEndpoint(org, ep.deleted);
    // another organization's endpoint that would match everything
    await newEndpoint(await newOrganization("elsewhere"), { url: URL });
  });

  it("creates one delivery per subscribed endpoint whose CNPJ filter matches; a disabled one's waits, paused", async () => {
    const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData({ company_cnpj: exampleCompanyCnpj }) });

    expect(published.created).toBe(true);
    // listed as the event's log lists them: by when their webhook was made
    expect(published.deliveries.map((d) => d.endpoint_id)).toEqual([ep.all, ep.authorizedOnly, ep.cnpjIssuer, ep.disabled]);
    for (const d of published.deliveries) expect(d.webhook_id).toBe(messageId(d.id));

    const rows = await deliveryRowsOf(published.event.id);
    expect(sorted(rows.map((r) => r.id))).toEqual(sorted(published.deliveries.map((d) => d.id)));
    for (const row of rows) {
      const status = row.endpoint_id === ep.disabled ? "paused" : "pending";
      expect(row).toMatchObject({ event_type: "nfe.authorized", status, attempt_count: 0, organization_id: org });
    }
    // the paused delivery is in no job: nothing is sent to a disabled endpoint
    const paused = rows.find((r) => r.endpoint_id === ep.disabled)!;
    expect(await jobsFor([paused.id])).toEqual([]);
  });

  it("routes another type and another CNPJ to the other endpoints", async () => {
    const published = await publishEvent(org, {
      type: "nfe.cancelled",
      data: invoiceData({ company_cnpj: exampleRecipientCnpj }, "nfe.cancelled"),
    });

    expect(sorted(published.deliveries.map((d) => d.endpoint_id))).toEqual(sorted([ep.all, ep.cancelledOnly, ep.cnpjOther, ep.disabled]));
    expect(sorted((await deliveryRowsOf(published.event.id)).map((r) => r.endpoint_id))).toEqual(
      sorted([ep.all, ep.cancelledOnly, ep.cnpjOther, ep.disabled]),
    );
  });

  it("queues ONE deliver job naming every pending delivery of the event", async () => {
    const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
    const ids = published.deliveries.filter((d) => d.endpoint_id !== ep.disabled).map((d) => d.id);

    const jobs = await jobsFor(ids);
    expect(jobs).toHaveLength(1);
    const { rows } = await pool().query<{ payload: { deliveries: string[] } }>(
      `SELECT payload FROM graphile_worker._private_jobs WHERE id = $1`,
      [jobs[0]!.id],
    );
    expect(sorted(rows[0]!.payload.deliveries)).toEqual(sorted(ids));
  });

  it("stores an event that matches no endpoint, with no delivery and no job", async () => {
    const lonely = await newOrganization("lonely");
    await newEndpoint(lonely, { url: URL, cnpjs: [exampleRecipientCnpj] });
    const before = await storedCounts(lonely);

    const published = await publishEvent(lonely, { type: "nfe.authorized", data: invoiceData({ company_cnpj: exampleCompanyCnpj }) });

    expect(published.deliveries).toEqual([]);
    expect(await storedCounts(lonely)).toEqual({ events: before.events + 1, deliveries: 0, jobs: before.jobs });
  });
});

describe("refused events store nothing", () => {
  let org: string;
  beforeAll(async () => {
    org = await newOrganization("refused");
    await newEndpoint(org, { url: URL });
  });

  async function refusal(input: Parameters<typeof publishEvent>[1]): Promise<Invalid> {
    const before = await storedCounts(org);
    const error = await publishEvent(org, input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Invalid);
    expect(await storedCounts(org)).toEqual(before);
    return error as Invalid;
  }

  it("an unknown type is Invalid (422) naming `type`", async () => {
    const error = await refusal({ type: "nfe.exploded", data: invoiceData() });
    expect(error.status).toBe(422);
    expect(Object.keys(error.body().errors)).toEqual(["type"]);
    expect(error.body().field_codes).toEqual({ type: ["event_type.unknown"] });
  });

  it("data failing the type's schema is Invalid naming data.<field>", async () => {
    const error = await refusal({ type: "nfe.authorized", data: invoiceData({ access_key: "123" }) });
    expect(error.status).toBe(422);
    expect(error.body().errors).toHaveProperty(["data.access_key"]);
  });

  it("webhook.test cannot be published: the test ping sends it", async () => {
    const error = await refusal({ type: "webhook.test", data: { test: true } });
    expect((error.body().errors as Record<string, string[]>).type?.[0]).toMatch(/webhook\.test/);
    expect(error.body().field_codes).toEqual({ type: ["event_type.test_only"] });
  });

  it("the REST API answers 422 with the same errors and stores nothing", async () => {
    const client = await apiClient(`refused-api-${Date.now()}@example.test`, "refused-api");
    const response = await client.call(publishRoute, "POST", "/api/v1/events", { body: { type: "nfe.exploded", data: invoiceData() } });
    expect(response.status).toBe(422);
    expect(response.json.errors.type).toEqual([expect.any(String)]);
    expect((await storedCounts(client.organizationId)).events).toBe(0);
  });
});

describe("idempotent publish by id", () => {
  it("the same id twice: the first event and its deliveries, no new rows, no second job", async () => {
    const org = await newOrganization("idem");
    await newEndpoint(org, { url: URL });
    await newEndpoint(org, { url: URL, event_types: ["nfe.authorized"] });

    const first = await publishEvent(org, { type: "nfe.authorized", data: invoiceData(), id: "pedido-4242-autorizado" });
    const after = await storedCounts(org);
    const second = await publishEvent(org, { type: "nfe.authorized", data: invoiceData({ number: "9999" }), id: "pedido-4242-autorizado" });

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.event.id).toBe(first.event.id);
    expect(sorted(second.deliveries.map((d) => d.id))).toEqual(sorted(first.deliveries.map((d) => d.id)));
    expect(first.deliveries).toHaveLength(2);
    expect(await storedCounts(org)).toEqual(after);
    expect(await jobsFor(first.deliveries.map((d) => d.id))).toHaveLength(1);
  });

  it("a repeat with another type answers with the first event as stored, its type included", async () => {
    const org = await newOrganization("idem-type");
    const first = await publishEvent(org, { type: "nfe.authorized", data: invoiceData(), id: "nota-77" });
    const repeat = await publishEvent(org, { type: "nfe.cancelled", data: invoiceData({}, "nfe.cancelled"), id: "nota-77" });
    expect(repeat.created).toBe(false);
    expect(repeat.event).toEqual(first.event);
    expect(repeat.event.type).toBe("nfe.authorized");
  });

  it("concurrent publishes of one id create it exactly once", async () => {
    const org = await newOrganization("idem-race");
    await newEndpoint(org, { url: URL });

    const results = await Promise.all(
      Array.from({ length: 6 }, () => publishEvent(org, { type: "nfe.authorized", data: invoiceData(), id: "same" })),
    );

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.event.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.deliveries[0]!.id)).size).toBe(1);
    expect(await storedCounts(org)).toMatchObject({ events: 1, deliveries: 1 });
  });

  it("different organizations may use the same id", async () => {
    const [a, b] = [await newOrganization("idem-a"), await newOrganization("idem-b")];
    await newEndpoint(a, { url: URL });
    await newEndpoint(b, { url: URL });

    const fromA = await publishEvent(a, { type: "nfe.authorized", data: invoiceData(), id: "nota-1" });
    const fromB = await publishEvent(b, { type: "nfe.authorized", data: invoiceData(), id: "nota-1" });

    expect([fromA.created, fromB.created]).toEqual([true, true]);
    expect(fromB.event.id).not.toBe(fromA.event.id);
    expect(fromB.deliveries[0]!.id).not.toBe(fromA.deliveries[0]!.id);
  });

  it("over the REST API: 202 the first time, 200 with the same event afterwards", async () => {
    const client = await apiClient(`idem-api-${Date.now()}@example.test`, "idem-api");
    await newEndpoint(client.organizationId, { url: URL });
    const body = { type: "nfe.authorized", data: invoiceData(), id: "api-1" };

    const first = await client.call(publishRoute, "POST", "/api/v1/events", { body });
    const again = await client.call(publishRoute, "POST", "/api/v1/events", { body });

    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json.event.id).toBe(first.json.event.id);
    expect(again.json.deliveries).toEqual(first.json.deliveries);
    expect(first.json.deliveries).toHaveLength(1);
  });
});
