// Retention on the day-partitioned log: days older than the window are dropped whole (events, their
// sequence numbers, deliveries, attempts, publishers' ids and feed messages), recent days stay, a day
// whose delivery still waits stays until it is sent; rows of the default partition go row by row.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { applyRetention, ensureLogPartitions, logPartitionDays, PARTITION_DAYS_AHEAD } from "@/lib/webhooks/engine/retention";
import { invoiceData, newEndpoint, newOrganization } from "@/test/engine-helpers";

const DAYS = 30;
const OLD = `${DAYS + 5} days`;
const RECENT = `${DAYS - 5} days`;

let org: string;
let endpointId: string;

beforeAll(async () => {
  org = await newOrganization("retention");
  endpointId = (await newEndpoint(org, { url: "http://127.0.0.1:9/hooks" })).id;
  // history: partitions for the last 45 days (the worker makes them from today on)
  await pool().query(`SELECT create_log_partitions(current_date - 45, 45)`);
});

const ymd = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");

/**
 * An event published `age` ago (its id holds that time, or a random id: `legacy`), with a publisher's
 * id, a sequence number, one delivery to the endpoint in `status`, `attempts` attempts and a feed message.
 */
async function eventAged(age: string, status: string, attempts = 1, { legacy = false } = {}) {
  const key = `key-${Math.random().toString(36).slice(2)}`;
  const { rows } = await pool().query<{ event_id: string; delivery_id: string }>(
    `WITH ev AS (
       INSERT INTO events (id, organization_id, type, data, idempotency_key, created_at)
       VALUES (CASE WHEN $6 THEN gen_random_uuid() ELSE uuid_v7_at(now() - $1::interval) END, $2, 'nfe.authorized', '{}', $3, now() - $1::interval)
       RETURNING id, organization_id, idempotency_key
     ), k AS (
       INSERT INTO event_keys (organization_id, idempotency_key, event_id) SELECT organization_id, idempotency_key, id FROM ev
     ), s AS (
       INSERT INTO event_sequences (event_id, sequence) SELECT id, 1 FROM ev
     ), d AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, status, created_at, updated_at)
       SELECT CASE WHEN $6 THEN gen_random_uuid() ELSE uuid_v7_like(id) END, organization_id, id, $4, 'nfe.authorized',
         $5::"DeliveryStatus", now() - $1::interval, now() - $1::interval FROM ev
       RETURNING id, event_id
     ), f AS (
       INSERT INTO feed_messages (endpoint_id, delivery_id) SELECT $4, id FROM d
     )
     SELECT event_id, id AS delivery_id FROM d`,
    [age, org, key, endpointId, status, legacy],
  );
  const { event_id: eventId, delivery_id: deliveryId } = rows[0]!;
  await pool().query(
    `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status)
     SELECT $1, $2, n, 'auto', now() - $4::interval, 12, '{}', 500 FROM generate_series(1, $3::int) n`,
    [deliveryId, endpointId, attempts, age],
  );
  return { eventId, deliveryId, key };
}

/** How many rows of the event's day are left in each table. */
async function left({ eventId, deliveryId, key }: { eventId: string; deliveryId: string; key: string }) {
  const { rows } = await pool().query(
    `SELECT (SELECT count(*)::int FROM events WHERE id = $1) AS events,
       (SELECT count(*)::int FROM event_sequences WHERE event_id = $1) AS sequences,
       (SELECT count(*)::int FROM event_keys WHERE organization_id = $4 AND idempotency_key = $3) AS keys,
       (SELECT count(*)::int FROM deliveries WHERE id = $2) AS deliveries,
       (SELECT count(*)::int FROM attempts WHERE delivery_id = $2) AS attempts,
       (SELECT count(*)::int FROM feed_messages WHERE delivery_id = $2) AS messages`,
    [eventId, deliveryId, key, org],
  );
  return rows[0];
}

const none = { events: 0, sequences: 0, keys: 0, deliveries: 0, attempts: 0, messages: 0 };

describe("the log's partitions", () => {
  it("the worker keeps partitions ready from today to a week ahead; creating them again makes none", async () => {
    await ensureLogPartitions(pool());
    const days = await logPartitionDays(pool());
    for (let ahead = 0; ahead <= PARTITION_DAYS_AHEAD; ahead++) expect(days).toContain(ymd(new Date(Date.now() + ahead * 86_400_000)));
    expect(await ensureLogPartitions(pool())).toBe(0);
    // each of the four tables has the day
    const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = ANY ($1::text[])`, [
      ["events", "event_sequences", "deliveries", "attempts"].map((t) => `${t}_p${ymd(new Date())}`),
    ]);
    expect(rows[0]!.n).toBe(4);
  });

  it("an event and its deliveries are stored in today's partitions, not the default ones", async () => {
    const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData(), id: `p-${Math.random()}` });
    const { rows } = await pool().query<{ ev: string; d: string }>(
      `SELECT (SELECT tableoid::regclass::text FROM events WHERE id = $1) AS ev, (SELECT tableoid::regclass::text FROM deliveries WHERE id = $2) AS d`,
      [published.event.id, published.deliveries[0]!.id],
    );
    expect(rows[0]).toEqual({ ev: `events_p${ymd(new Date())}`, d: `deliveries_p${ymd(new Date())}` });
  });

  it("a day whose rows already wait in the default partition is left to it, with its rows", async () => {
    const day = new Date(Date.now() + 20 * 86_400_000);
    // a clock far ahead put an event in a day with no partition yet
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO events (id, organization_id, type, data) VALUES (uuid_v7_at($1), $2, 'nfe.authorized', '{}') RETURNING id`,
      [day, org],
    );
    expect(await pool().query(`SELECT create_log_partitions($1::date, 1)`, [day.toISOString().slice(0, 10)])).toBeTruthy();
    const where = await pool().query<{ t: string }>(`SELECT tableoid::regclass::text AS t FROM events WHERE id = $1`, [rows[0]!.id]);
    expect(where.rows[0]!.t).toBe("events_default");
    expect(await pool().query(`SELECT 1 FROM pg_class WHERE relname = $1`, [`events_p${ymd(day)}`])).toMatchObject({ rowCount: 0 });
    await pool().query(`DELETE FROM events WHERE id = $1`, [rows[0]!.id]);
  });
});

describe("applyRetention", () => {
  it("drops the days older than the window whole, keeps recent days and a day whose delivery still waits", async () => {
    const oldDone = await eventAged(OLD, "succeeded", 2);
    const oldFailed = await eventAged(`${DAYS + 6} days`, "failed", 3);
    const oldRetrying = await eventAged(`${DAYS + 8} days`, "retrying", 2);
    const recent = await eventAged(RECENT, "succeeded", 2);

    const removed = await applyRetention(pool(), DAYS);

    for (const gone of [oldDone, oldFailed]) expect(await left(gone)).toEqual(none);
    expect(await left(oldRetrying)).toEqual({ events: 1, sequences: 1, keys: 1, deliveries: 1, attempts: 2, messages: 1 });
    expect(await left(recent)).toEqual({ events: 1, sequences: 1, keys: 1, deliveries: 1, attempts: 2, messages: 1 });
    const dayOf = async (id: string) =>
      (await pool().query<{ t: string }>(`SELECT tableoid::regclass::text AS t FROM deliveries WHERE id = $1`, [id])).rows[0]!.t.slice(-8);
    expect(removed.keptDays).toEqual([await dayOf(oldRetrying.deliveryId)]);
    expect(removed.droppedDays.length).toBeGreaterThanOrEqual(2);
    const days = await logPartitionDays(pool());
    for (const day of removed.droppedDays) expect(days).not.toContain(day);

    // once sent, its day goes too
    await pool().query(`UPDATE deliveries SET status = 'succeeded' WHERE id = $1`, [oldRetrying.deliveryId]);
    expect((await applyRetention(pool(), DAYS)).keptDays).toEqual([]);
    expect(await left(oldRetrying)).toEqual(none);
    expect(await applyRetention(pool(), DAYS)).toMatchObject({ droppedDays: [], keptDays: [] }); // nothing left to do
  });

  it("an old event goes with every attempt of its deliveries, also one made recently (a resend)", async () => {
    const resent = await eventAged(OLD, "succeeded", 2);
    await pool().query(
      `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status)
       VALUES ($1, $2, 3, 'manual', now() - interval '1 day', 12, '{}', 200)`,
      [resent.deliveryId, endpointId],
    );
    await applyRetention(pool(), DAYS);
    expect(await left(resent)).toEqual(none);
  });

  it("a publisher's id is free again once its event is gone", async () => {
    const old = await eventAged(OLD, "succeeded", 1);
    await applyRetention(pool(), DAYS);
    const again = await publishEvent(org, { type: "nfe.authorized", data: invoiceData(), id: old.key });
    expect(again.created).toBe(true);
    expect(again.event.id).not.toBe(old.eventId);
  });

  it("a shorter window removes what the longer one kept", async () => {
    const recent = await eventAged(RECENT, "succeeded", 1);
    await applyRetention(pool(), DAYS);
    expect(await left(recent)).toMatchObject({ events: 1, attempts: 1 });
    await applyRetention(pool(), DAYS - 10);
    expect(await left(recent)).toEqual(none);
  });

  it("rows of the default partitions (ids with no day) go by their time, and not while they wait", async () => {
    const legacyDone = await eventAged(OLD, "succeeded", 2, { legacy: true });
    const legacyPending = await eventAged(OLD, "pending", 0, { legacy: true });
    const legacyRecent = await eventAged(RECENT, "succeeded", 1, { legacy: true });
    const many = await Promise.all(Array.from({ length: 60 }, () => eventAged(OLD, "failed", 1, { legacy: true })));

    const removed = await applyRetention(pool(), DAYS);

    expect(removed.defaultEvents).toBe(61);
    expect(await left(legacyDone)).toEqual(none);
    for (const gone of many.slice(0, 3)) expect(await left(gone)).toEqual(none);
    expect(await left(legacyPending)).toMatchObject({ events: 1, deliveries: 1 });
    expect(await left(legacyRecent)).toMatchObject({ events: 1, deliveries: 1, attempts: 1 });
  });
});
