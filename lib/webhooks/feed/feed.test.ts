// The pull feed: polling endpoints (no URL, no test request), their messages in publication order
// whatever the order publishers commit in, cursors and server-side acknowledgement, long polls woken
// by the database's notifications, signatures a consumer verifies like a push, filters, another
// organization's feed 404, and a push endpoint's feed for reconciliation. Real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { GET as feedRoute } from "@/app/api/v1/webhooks/[id]/feed/route";
import { POST as ackRoute } from "@/app/api/v1/webhooks/[id]/feed/ack/route";
import { POST as createRoute } from "@/app/api/v1/webhooks/route";
import { POST as pingRoute } from "@/app/api/v1/webhooks/[id]/ping/route";
import { pool } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import { messageId } from "@/lib/webhooks/outbound/envelope";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { getDelivery } from "@/lib/webhooks/log/deliveries";
import { closeFeedListener, waitingReaders } from "@/lib/webhooks/feed/listener";
import { apiClient, type ApiClient } from "@/test/api-client";
import { invoiceData, newEndpoint } from "@/test/engine-helpers";

let api: ApiClient;
/** msg_<32 hex> → the delivery's uuid */
const deliveryIdOf = (webhookId: string) => webhookId.slice(4).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
beforeAll(async () => {
  api = await apiClient("erp@consulta.test", "ERP sem URL pública");
});
afterAll(async () => {
  await closeFeedListener();
});

async function pollingEndpoint(body: Record<string, unknown> = {}) {
  const created = await api.call(createRoute, "POST", "/api/v1/webhooks", { body: { kind: "polling", ...body } });
  expect(created.status).toBe(201);
  return { id: created.json.webhook.id as string, secret: created.json.secret as string };
}

interface FeedMessage {
  cursor: string;
  webhook_id: string;
  type: string;
  body: string;
  headers: Record<string, string>;
  status: string;
}

async function feed(id: string, query = "", client: ApiClient = api) {
  const response = await client.call(feedRoute, "GET", `/api/v1/webhooks/${id}/feed${query}`, { id });
  // a refused read answers {errors, code} instead
  return response as { status: number; json: { messages: FeedMessage[]; next_cursor: string; acked_cursor: string | null; code?: string } };
}

const publish = (n: number, type = "nfe.authorized") =>
  publishEvent(api.organizationId, { type, data: invoiceData({ numero: String(n) }, type) });

describe("a polling endpoint", () => {
  it("is created without a URL or test request; a URL is refused; it cannot be pinged", async () => {
    const { id } = await pollingEndpoint({ description: "ERP na rede interna" });
    const { rows } = await pool().query(`SELECT kind, url FROM endpoints WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ kind: "polling", url: "" });
    const withUrl = await api.call(createRoute, "POST", "/api/v1/webhooks", { body: { kind: "polling", url: "http://127.0.0.1:9/x" } });
    expect(withUrl.status).toBe(422);
    expect(withUrl.json.field_codes.url).toEqual(["url.polling"]);
    const badKind = await api.call(createRoute, "POST", "/api/v1/webhooks", { body: { kind: "pigeon" } });
    expect(badKind.status).toBe(422);
    expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).status).toBe(409);
  });

  it("gets its messages in publication order, each once, across concurrent publishers; no job ever sends them", async () => {
    const { id, secret } = await pollingEndpoint();
    const published: string[] = [];
    for (let round = 0; round < 5; round++) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, i) => publish(round * 20 + i)));
      published.push(...batch.flatMap((b) => b.deliveries.filter((d) => d.endpoint_id === id).map((d) => d.webhook_id)));
    }
    const seen: FeedMessage[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const read = await feed(id, `?limit=30${cursor ? `&after=${cursor}` : ""}`);
      expect(read.status).toBe(200);
      if (!read.json.messages.length) break;
      seen.push(...read.json.messages);
      cursor = read.json.next_cursor;
    }
    expect(seen).toHaveLength(100);
    expect(new Set(seen.map((m) => m.webhook_id))).toEqual(new Set(published));
    // every body is what a push gets, signed with the endpoint's secret
    const verifier = new Webhook(secret);
    for (const m of seen.slice(0, 5)) expect((verifier.verify(m.body, m.headers) as { type: string }).type).toBe("nfe.authorized");
    expect(seen.every((m) => m.status === "pending")).toBe(true);
    const ids = (await pool().query<{ id: string }>(`SELECT id FROM deliveries WHERE endpoint_id = $1`, [id])).rows.map((r) => r.id);
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload::jsonb -> 'deliveries' ?| $1::text[]`,
      [ids],
    );
    expect(ids).toHaveLength(100);
    expect(rows[0].n).toBe(0);
  });

  it("never shows a message behind a cursor already read: an older transaction that commits late comes after it", async () => {
    const { id } = await pollingEndpoint();
    const first = (await publish(1)).deliveries.find((d) => d.endpoint_id === id)!;
    // an older transaction (it has its id) still running, about to add a message to this feed
    const late = await pool().connect();
    try {
      await late.query("BEGIN");
      await late.query(`SELECT pg_current_xact_id()`);
      const second = (await publish(2)).deliveries.find((d) => d.endpoint_id === id)!; // commits now, with a newer id
      // the horizon is held back by the open transaction: nothing from there on shows yet
      const before = await feed(id);
      expect(before.json.messages.map((m) => m.webhook_id)).toEqual([first.webhook_id]);
      const { rows } = await late.query<{ id: string }>(
        `WITH ev AS (INSERT INTO events (id, organization_id, type, data) VALUES ($2, $1, 'nfe.authorized', '{}') RETURNING id, organization_id, type)
         INSERT INTO deliveries (organization_id, event_id, endpoint_id, event_type) SELECT organization_id, id, $3, type FROM ev RETURNING id`,
        [api.organizationId, uuidv7(), id],
      );
      await late.query(`INSERT INTO feed_messages (endpoint_id, delivery_id) VALUES ($1, $2)`, [id, rows[0]!.id]);
      await late.query("COMMIT");
      // read on from the cursor already given: the late message comes next, then the other — one order, forever
      const after = await feed(id, `?after=${before.json.next_cursor}`);
      expect(after.json.messages.map((m) => m.webhook_id)).toEqual([messageId(rows[0]!.id), second.webhook_id]);
    } finally {
      late.release();
    }
  });

  it("continues from the acknowledged cursor; acknowledged messages are delivered; an unknown cursor is refused", async () => {
    const { id } = await pollingEndpoint();
    for (const n of [1, 2, 3]) await publish(n);
    const first = await feed(id);
    expect(first.json.messages).toHaveLength(3);
    expect(first.json.acked_cursor).toBeNull();
    const ack = await api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, {
      id,
      body: { cursor: first.json.messages[1]!.cursor },
    });
    expect(ack.status).toBe(200);
    expect(ack.json.delivered).toBe(2);
    // a consumer that restarts reads on from there, with no state of its own
    const again = await feed(id);
    expect(again.json.messages.map((m) => m.webhook_id)).toEqual([first.json.messages[2]!.webhook_id]);
    expect(again.json.acked_cursor).toBe(first.json.messages[1]!.cursor);
    const { rows } = await pool().query(`SELECT status FROM deliveries WHERE id = ANY ($1::uuid[]) ORDER BY created_at`, [
      first.json.messages.map((m) => m.webhook_id.replace(/^msg_/, "")),
    ]);
    expect(rows.map((r) => r.status)).toEqual(["succeeded", "succeeded", "pending"]);
    // the delivery log says when it was read ("consultado em …") and what still waits
    const [read, unread] = await Promise.all(
      [1, 2].map(async (i) => (await getDelivery(api.organizationId, deliveryIdOf(first.json.messages[i]!.webhook_id))).delivery),
    );
    expect(read!.acknowledged_at).toEqual(expect.any(String));
    expect(unread!.acknowledged_at).toBeNull();
    expect(read!.endpoint).toMatchObject({ kind: "polling", url: null });
    // progress never moves back (the answer says where it stays), and unknown cursors answer 422 naming the field
    const older = await api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, {
      id,
      body: { cursor: first.json.messages[0]!.cursor },
    });
    expect(older.status).toBe(200);
    expect(older.json).toEqual({ acked_cursor: first.json.messages[1]!.cursor, delivered: 0 });
    expect((await feed(id)).json.acked_cursor).toBe(first.json.messages[1]!.cursor);
    for (const cursor of ["bm9wZQ", Buffer.from("999999999.1").toString("base64url")]) {
      const unknown = await api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor } });
      expect(unknown.status).toBe(422);
      expect(unknown.json.field_codes.cursor).toEqual(["feed.cursor_unknown"]);
    }
    expect((await feed(id, "?after=%%%")).status).toBe(400);
  });

  it("acknowledges the start cursor an empty feed hands out: nothing is delivered, reading still begins at the start", async () => {
    const { id } = await pollingEndpoint();
    const empty = await feed(id);
    expect(empty.json.messages).toEqual([]);
    const ack = await api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor: empty.json.next_cursor } });
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ acked_cursor: empty.json.next_cursor, delivered: 0 });
    const published = (await publish(1)).deliveries.find((d) => d.endpoint_id === id)!;
    const next = await feed(id);
    expect(next.json.messages.map((m) => m.webhook_id)).toEqual([published.webhook_id]);
    expect(next.json.acked_cursor).toBe(empty.json.next_cursor);
    // only the start is accepted without a message: a position next to it is no message of this feed
    const nextToStart = Buffer.from("0.1").toString("base64url");
    const unknown = await api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor: nextToStart } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.field_codes.cursor).toEqual(["feed.cursor_unknown"]);
  });

  it("acknowledges the acknowledged position again after retention removed its message", async () => {
    const { id } = await pollingEndpoint();
    await publish(1);
    const read = await feed(id);
    const ack = (cursor: string) => api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor } });
    expect((await ack(read.json.next_cursor)).status).toBe(200);
    // the week's messages dropped by retention: a caught-up consumer's read still hands out that position
    await pool().query(`DELETE FROM feed_messages WHERE endpoint_id = $1`, [id]);
    const idle = await feed(id);
    expect(idle.json).toMatchObject({ messages: [], next_cursor: read.json.next_cursor });
    const again = await ack(idle.json.next_cursor);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ acked_cursor: read.json.next_cursor, delivered: 0 });
  });

  it("refuses a cursor beyond what a position can hold as it refuses any invalid cursor: 400 to a read, 422 to an ack", async () => {
    const { id } = await pollingEndpoint();
    const tooLarge = Buffer.from("9999999999999999999.9999999999999999999").toString("base64url");
    const read = await feed(id, `?after=${tooLarge}`);
    expect(read.status).toBe(400);
    expect(read.json.code).toBe("cursor.invalid");
    const ack = await api.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor: tooLarge } });
    expect(ack.status).toBe(422);
    expect(ack.json.field_codes.cursor).toEqual(["feed.cursor_unknown"]);
    // the largest position there can be is still one: read on from it, nothing there
    const largest = Buffer.from("9223372036854775807.9223372036854775807").toString("base64url");
    expect((await feed(id, `?after=${largest}`)).json).toMatchObject({ messages: [], next_cursor: largest });
  });

  it("holds an empty read open until a publish wakes it, and answers empty when the wait runs out", async () => {
    const { id } = await pollingEndpoint();
    const started = Date.now();
    const waiting = feed(id, "?wait=10");
    await expect.poll(() => waitingReaders(), { timeout: 5_000 }).toBeGreaterThan(0);
    const published = await publish(9);
    const read = await waiting;
    expect(read.json.messages.map((m) => m.webhook_id)).toEqual([published.deliveries.find((d) => d.endpoint_id === id)!.webhook_id]);
    expect(Date.now() - started).toBeLessThan(5_000);

    const emptyStarted = Date.now();
    const empty = await feed(id, `?wait=1&after=${read.json.next_cursor}`);
    expect(empty.json.messages).toEqual([]);
    expect(empty.json.next_cursor).toBe(read.json.next_cursor);
    expect(Date.now() - emptyStarted).toBeGreaterThanOrEqual(900);
  });

  it("applies its filters, and another organization's feed answers 404", async () => {
    const { id } = await pollingEndpoint({ event_types: ["nfe.cancelled"] });
    await publish(1);
    const cancelled = await publish(2, "nfe.cancelled");
    expect((await feed(id)).json.messages.map((m) => m.webhook_id)).toEqual([
      cancelled.deliveries.find((d) => d.endpoint_id === id)!.webhook_id,
    ]);
    const other = await apiClient("outra@consulta.test", "Outra Empresa");
    expect((await feed(id, "", other)).status).toBe(404);
    const ack = await other.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor: "x" } });
    expect(ack.status).toBe(404);
  });
});

describe("a push endpoint's feed", () => {
  it("lists what it was sent, in order, for reconciliation, and is not acknowledged", async () => {
    const push = await apiClient("push@consulta.test", "Empresa Push");
    const { id } = await newEndpoint(push.organizationId, { url: "http://127.0.0.1:9/erp" });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const published = await publishEvent(push.organizationId, { type: "nfe.authorized", data: invoiceData({ numero: String(n) }) });
      ids.push(published.deliveries[0]!.webhook_id);
    }
    const page = await feed(id, "?limit=2", push);
    expect(page.json.messages.map((m) => m.webhook_id)).toEqual(ids.slice(0, 2));
    const rest = await feed(id, `?after=${page.json.next_cursor}`, push);
    expect(rest.json.messages.map((m) => m.webhook_id)).toEqual(ids.slice(2));
    expect(
      (await push.call(ackRoute, "POST", `/api/v1/webhooks/${id}/feed/ack`, { id, body: { cursor: page.json.next_cursor } })).status,
    ).toBe(409);
  });

  it("refuses a cursor that is not a delivery's id as an invalid cursor", async () => {
    const push = await apiClient("push-cursor@consulta.test", "Empresa Push Cursor");
    const { id } = await newEndpoint(push.organizationId, { url: "http://127.0.0.1:9/erp" });
    for (const notAnId of ["-".repeat(36), "a".repeat(36), "0123456789abcdef0123456789abcdef----"]) {
      const read = await feed(id, `?after=${Buffer.from(notAnId).toString("base64url")}`, push);
      expect(read.status).toBe(400);
      expect(read.json.code).toBe("cursor.invalid");
    }
  });
});
