// The delivery log over the REST API: filters (status, event type, time range), search by business
// identifiers, and keyset paging that stays exact while new events keep arriving.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as deliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { GET as eventsRoute } from "@/app/api/v1/events/route";
import { pool } from "@/lib/db";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { apiClient, type ApiClient } from "@/test/api-client";
import { accessKeyFor, cnpjFor, endpointAt, formatted, publishInvoice, type Invoice } from "@/test/log-fixtures";

// No worker runs in this file: endpoints are never contacted, so their URLs need no listener.
const UNUSED_URL = "http://127.0.0.1:9/hooks";
const HOUR = 3_600_000;

async function listIds(api: ApiClient, endpointId: string, query: Record<string, string> = {}): Promise<string[]> {
  const response = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${endpointId}/deliveries?${new URLSearchParams(query)}`, {
    id: endpointId,
  });
  expect(response.status, response.text).toBe(200);
  return response.json.deliveries.map((d: { id: string }) => d.id);
}

describe("filters and search", () => {
  const [C1, C2, C3] = [cnpjFor(11), cnpjFor(22), cnpjFor(33)];
  const base = new Date(Math.floor(Date.now() / 1000) * 1000);
  const hoursAgo = (h: number) => new Date(base.getTime() - h * HOUR);
  // invoice, the state its delivery to endpoint A is put in, and when it was created
  const rows: { invoice: Invoice; status: string; createdAt: Date }[] = [
    { invoice: { number: 101, cnpj: C1 }, status: "succeeded", createdAt: hoursAgo(72) },
    { invoice: { number: 102, cnpj: C1 }, status: "failed", createdAt: hoursAgo(48) },
    { invoice: { type: "nfe.cancelled", number: 101, cnpj: C1 }, status: "succeeded", createdAt: hoursAgo(24) },
    { invoice: { type: "nfe.rejected", number: 201, cnpj: C2 }, status: "failed", createdAt: hoursAgo(20) },
    { invoice: { type: "nfce.authorized", number: 202, cnpj: C2 }, status: "retrying", createdAt: hoursAgo(2) },
    { invoice: { number: 4242, cnpj: C3 }, status: "pending", createdAt: hoursAgo(0) },
    { invoice: { number: 101, cnpj: C3 }, status: "succeeded", createdAt: hoursAgo(96) },
  ];
  let api: ApiClient;
  let endpointA: string;
  let endpointB: string;
  /** delivery to A of rows[i] */
  let d: string[];
  let events: string[];
  let deliveryToB: string;
  /** delivery ids of these rows, in the order the log must show them (newest first) */
  const newestFirst = (...indexes: number[]) =>
    indexes.sort((i, j) => rows[j]!.createdAt.getTime() - rows[i]!.createdAt.getTime()).map((i) => d[i]!);

  beforeAll(async () => {
    api = await apiClient("log@filtros.test", "Filtros LTDA");
    endpointA = await endpointAt(api.organizationId, UNUSED_URL);
    endpointB = await endpointAt(api.organizationId, UNUSED_URL, { event_types: ["nfe.cancelled"] });
    d = [];
    events = [];
    for (const row of rows) {
      const published = await publishInvoice(api.organizationId, row.invoice);
      events.push(published.event.id);
      d.push(published.deliveries.find((x) => x.endpoint_id === endpointA)!.id);
      const toB = published.deliveries.find((x) => x.endpoint_id === endpointB);
      if (toB) deliveryToB = toB.id;
      await pool().query(`UPDATE deliveries SET status = $2, created_at = $3 WHERE id = $1`, [d.at(-1), row.status, row.createdAt]);
    }
  });

  it("lists every delivery of the endpoint, newest first, with the invoice's identifiers", async () => {
    expect(await listIds(api, endpointA)).toEqual(newestFirst(0, 1, 2, 3, 4, 5, 6));
    expect(await listIds(api, endpointB)).toEqual([deliveryToB]);
    const response = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${endpointA}/deliveries?q=4242`, { id: endpointA });
    expect(response.json).toEqual({
      deliveries: [
        expect.objectContaining({
          id: d[5],
          webhook_id: messageId(d[5]!),
          event_id: events[5],
          endpoint_id: endpointA,
          event_type: "nfe.authorized",
          status: "pending",
          invoice: {
            company_cnpj: C3,
            access_key: accessKeyFor(C3, 4242),
            series: "1",
            number: "4242",
            sequence: 1,
            sefaz: { code: "100", message: expect.any(String), protocol: expect.any(String) },
          },
        }),
      ],
      next_cursor: null,
    });
  });

  it.each([
    ["failed", [1, 3]],
    ["succeeded", [0, 2, 6]],
    ["retrying", [4]],
    ["pending", [5]],
    ["cancelled", []],
  ])("filters by status %s", async (status, expected) => {
    expect(await listIds(api, endpointA, { status })).toEqual(newestFirst(...expected));
  });

  it("answers 422 naming the field for an unknown status or a bad limit", async () => {
    for (const [query, field] of [
      ["status=lost", "status"],
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["from=yesterday", "from"],
    ] as const) {
      const response = await api.call(deliveriesRoute, "GET", `/api/v1/webhooks/${endpointA}/deliveries?${query}`, { id: endpointA });
      expect(response.status, query).toBe(422);
      expect(Object.keys(response.json.errors), query).toEqual([field]);
    }
  });

  it.each([
    ["nfe.authorized", [0, 1, 5, 6]],
    ["nfe.cancelled", [2]],
    ["nfce.authorized", [4]],
    ["nfse.authorized", []],
  ])("filters by event type %s", async (eventType, expected) => {
    expect(await listIds(api, endpointA, { event_type: eventType })).toEqual(newestFirst(...expected));
  });

  it("filters by creation time: from is inclusive, to is exclusive", async () => {
    expect(await listIds(api, endpointA, { from: hoursAgo(48).toISOString(), to: hoursAgo(2).toISOString() })).toEqual(
      newestFirst(1, 2, 3),
    );
    expect(await listIds(api, endpointA, { from: hoursAgo(2).toISOString() })).toEqual(newestFirst(4, 5));
    expect(await listIds(api, endpointA, { to: hoursAgo(72).toISOString() })).toEqual([d[6]]);
    expect(await listIds(api, endpointA, { from: hoursAgo(50).toISOString(), status: "failed", event_type: "nfe.rejected" })).toEqual([
      d[3],
    ]);
  });

  it.each([
    ["an access key (both events of the invoice)", () => accessKeyFor(C1, 101), [0, 2]],
    ["an access key as printed on a DANFE", () => accessKeyFor(C1, 101).replace(/(\d{4})(?=\d)/g, "$1 "), [0, 2]],
    ["a formatted CNPJ", () => formatted(C2), [3, 4]],
    ["a CNPJ in digits", () => C2, [3, 4]],
    ["an invoice number (every company's)", () => "101", [0, 2, 6]],
    ["an event id", () => events[3]!, [3]],
    ["a webhook-id", () => messageId(d[4]!), [4]],
    ["a webhook-id of another endpoint's delivery", () => messageId(deliveryToB), []],
    ["an access key nobody issued", () => accessKeyFor(C2, 999), []],
    ["text that is no identifier", () => "padaria", []],
  ])("searches by %s", async (_, q, expected) => {
    expect(await listIds(api, endpointA, { q: q() })).toEqual(newestFirst(...expected));
  });

  it("combines search and filters", async () => {
    expect(await listIds(api, endpointA, { q: formatted(C1), status: "failed" })).toEqual([d[1]]);
    expect(await listIds(api, endpointA, { q: "101", event_type: "nfe.cancelled" })).toEqual([d[2]]);
  });

  it("searches the organization's events by access key, CNPJ and type", async () => {
    const eventIds = async (query: Record<string, string>) => {
      const response = await api.call(eventsRoute, "GET", `/api/v1/events?${new URLSearchParams(query)}`);
      expect(response.status, response.text).toBe(200);
      return response.json.events.map((e: { id: string }) => e.id);
    };
    expect(new Set(await eventIds({ q: accessKeyFor(C1, 101) }))).toEqual(new Set([events[0], events[2]]));
    expect(new Set(await eventIds({ q: formatted(C2) }))).toEqual(new Set([events[3], events[4]]));
    expect(await eventIds({ q: messageId(d[4]!) })).toEqual([events[4]]);
    expect(await eventIds({ type: "nfe.rejected" })).toEqual([events[3]]);
    const withDeliveries = await api.call(eventsRoute, "GET", `/api/v1/events?q=${events[2]}`);
    expect(withDeliveries.json.events[0].deliveries.map((x: { id: string }) => x.id).sort()).toEqual([d[2], deliveryToB].sort());
  });
});

describe("keyset paging", () => {
  let api: ApiClient;
  let endpoint: string;
  let published = 0;
  const publish = () => publishInvoice(api.organizationId, { number: ++published, cnpj: cnpjFor(published % 5) });

  /** Follows next_cursor to the end; `between` runs after each page. */
  async function pageThrough(path: string, key: "deliveries" | "events", params: Record<string, string>, between = async () => {}) {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = cursor ? { ...params, cursor } : params;
      const response = await api.call(
        key === "deliveries" ? deliveriesRoute : eventsRoute,
        "GET",
        `${path}?${new URLSearchParams(query)}`,
        { id: endpoint },
      );
      expect(response.status, response.text).toBe(200);
      pages.push(response.json[key].map((x: { id: string }) => x.id));
      cursor = response.json.next_cursor;
      await between();
      expect(pages.length, "pages").toBeLessThan(50);
    } while (cursor);
    return pages;
  }

  /** Rows in the order the log promises: created_at descending, then id descending. */
  const newestFirst = (rows: { id: string; created_at: Date }[]) =>
    [...rows].sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((r) => r.id);

  const deliveryRows = async () =>
    (await pool().query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM deliveries WHERE endpoint_id = $1`, [endpoint])).rows;

  beforeAll(async () => {
    api = await apiClient("log@paginas.test", "Paginas LTDA");
    endpoint = await endpointAt(api.organizationId, UNUSED_URL);
    for (let i = 0; i < 120; i++) await publish();
    // groups of 7 deliveries share a creation time, so page boundaries fall inside ties
    await pool().query(
      `WITH x AS (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM deliveries WHERE endpoint_id = $1)
       UPDATE deliveries d SET created_at = date_trunc('second', now()) - interval '1 hour' + (x.n / 7) * interval '1 second' FROM x WHERE d.id = x.id`,
      [endpoint],
    );
  });

  it("pages through 120 deliveries 25 at a time: each exactly once, newest first", async () => {
    const rows = await deliveryRows();
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBeLessThan(20);
    const pages = await pageThrough(`/api/v1/webhooks/${endpoint}/deliveries`, "deliveries", { limit: "25" });
    expect(pages.map((p) => p.length)).toEqual([25, 25, 25, 25, 20]);
    expect(pages.flat()).toEqual(newestFirst(rows));
  });

  it("pages through the organization's events the same way", async () => {
    const { rows } = await pool().query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM events WHERE organization_id = $1`, [
      api.organizationId,
    ]);
    const pages = await pageThrough("/api/v1/events", "events", { limit: "25" });
    expect(pages.flat()).toEqual(newestFirst(rows));
    expect(pages.flat()).toHaveLength(120);
  });

  it("shows the deliveries that existed exactly once and in order while new events keep arriving; new ones only at the top", async () => {
    const before = newestFirst(await deliveryRows());
    const existing = new Set(before);
    let stop = false;
    const arriving = (async () => {
      while (!stop) await publish();
    })();
    let seen: string[];
    try {
      const pages = await pageThrough(
        `/api/v1/webhooks/${endpoint}/deliveries`,
        "deliveries",
        { limit: "25" },
        async () => void (await publish()),
      );
      seen = pages.flat();
    } finally {
      stop = true;
      await arriving;
    }
    const firstExisting = seen.findIndex((id) => existing.has(id));
    expect(seen.slice(firstExisting)).toEqual(before);
    expect(seen.slice(0, firstExisting).every((id) => !existing.has(id))).toBe(true);
    const now = newestFirst(await deliveryRows());
    expect(now.length - before.length, "events published while paging").toBeGreaterThanOrEqual(5);
    const fresh = await listIds(api, endpoint, { limit: "100" });
    expect(fresh).toEqual(now.slice(0, 100));
    expect(fresh.slice(0, now.length - before.length).every((id) => !existing.has(id))).toBe(true);
  });

  it("answers 400 JSON for a cursor it did not issue", async () => {
    const forged = Buffer.from("ontem|123").toString("base64url");
    for (const cursor of ["not-a-cursor", forged, Buffer.from(`${new Date().toISOString()}|not-a-uuid`).toString("base64url")]) {
      for (const [handler, path] of [
        [deliveriesRoute, `/api/v1/webhooks/${endpoint}/deliveries`],
        [eventsRoute, "/api/v1/events"],
      ] as const) {
        const response = await api.call(handler, "GET", `${path}?cursor=${encodeURIComponent(cursor)}`, { id: endpoint });
        expect(response.status, `${path} ${cursor}`).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(response.json).toEqual({ errors: ["invalid cursor"], code: "cursor.invalid" });
      }
    }
  });
});
