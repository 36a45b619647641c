// Retention on the week-partitioned log: weeks older than the window are dropped whole (events, their
// sequence numbers, deliveries, attempts, publishers' ids and feed messages), recent weeks stay, a
// week whose delivery still waits stays until it is sent; rows of the default partition go row by row.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import {
  analyzeYoungPartitions,
  applyRetention,
  ensureLogPartitions,
  logPartitionWeeks,
  YOUNG_PARTITION_PAGES,
} from "@/lib/webhooks/engine/retention";
import { invoiceData, newEndpoint, newOrganization } from "@/test/engine-helpers";

const DAYS = 30;
// a week goes once all of it is past the window: 8 days past it always is, 5 days short never
const OLD = `${DAYS + 8} days`;
const RECENT = `${DAYS - 5} days`;

let org: string;
let endpointId: string;

beforeAll(async () => {
  org = await newOrganization("retention");
  endpointId = (await newEndpoint(org, { url: "http://127.0.0.1:9/hooks" })).id;
  // history: partitions for the last 80 days (the worker makes them from this week on)
  await pool().query(`SELECT create_log_partitions(current_date - 80, 80)`);
});

const ymd = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");
/** The Monday (UTC) of the week of `date`, as a partition names it. */
const week = (date: Date) => ymd(new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000));

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
  it("the worker keeps this week's and next week's partitions ready; creating them again makes none", async () => {
    await ensureLogPartitions(pool());
    const weeks = await logPartitionWeeks(pool());
    expect(weeks).toContain(week(new Date()));
    expect(weeks).toContain(week(new Date(Date.now() + 7 * 86_400_000)));
    expect(await ensureLogPartitions(pool())).toBe(0);
    // each of the four tables has the week, and it spans Monday to Monday
    const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = ANY ($1::text[])`, [
      ["events", "event_sequences", "deliveries", "attempts"].map((t) => `${t}_p${week(new Date())}`),
    ]);
    expect(rows[0]!.n).toBe(4);
    const bound = await pool().query<{ b: string }>(`SELECT pg_get_expr(relpartbound, oid) AS b FROM pg_class WHERE relname = $1`, [
      `events_p${week(new Date())}`,
    ]);
    const monday = Date.parse(`${week(new Date()).replace(/(\d{4})(\d{2})(\d{2})/, "$1-$2-$3")}T00:00:00Z`);
    const hex = (ms: number) => ms.toString(16).padStart(12, "0");
    expect(bound.rows[0]!.b).toContain(hex(monday).slice(0, 8));
    expect(bound.rows[0]!.b).toContain(hex(monday + 7 * 86_400_000).slice(0, 8));
  });

  it("an event and its deliveries are stored in today's partitions, not the default ones", async () => {
    const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData(), id: `p-${Math.random()}` });
    const { rows } = await pool().query<{ ev: string; d: string }>(
      `SELECT (SELECT tableoid::regclass::text FROM events WHERE id = $1) AS ev, (SELECT tableoid::regclass::text FROM deliveries WHERE id = $2) AS d`,
      [published.event.id, published.deliveries[0]!.id],
    );
    expect(rows[0]).toEqual({ ev: `events_p${week(new Date())}`, d: `deliveries_p${week(new Date())}` });
  });

  it("a week whose rows already wait in the default partition is left to it, with its rows", async () => {
    const day = new Date(Date.now() + 60 * 86_400_000);
    // a clock far ahead put an event in a week with no partition yet
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO events (id, organization_id, type, data) VALUES (uuid_v7_at($1), $2, 'nfe.authorized', '{}') RETURNING id`,
      [day, org],
    );
    await pool().query(`SELECT create_log_partitions($1::date, 1)`, [day.toISOString().slice(0, 10)]);
    const where = await pool().query<{ t: string }>(`SELECT tableoid::regclass::text AS t FROM events WHERE id = $1`, [rows[0]!.id]);
    expect(where.rows[0]!.t).toBe("events_default");
    expect(await pool().query(`SELECT 1 FROM pg_class WHERE relname = $1`, [`events_p${week(day)}`])).toMatchObject({ rowCount: 0 });
    await pool().query(`DELETE FROM events WHERE id = $1`, [rows[0]!.id]);
  });
});

describe("applyRetention", () => {
  it("drops the weeks older than the window whole, keeps recent weeks and a week whose delivery still waits", async () => {
    const oldDone = await eventAged(OLD, "succeeded", 2);
    const oldFailed = await eventAged(`${DAYS + 9} days`, "failed", 3);
    const oldRetrying = await eventAged(`${DAYS + 30} days`, "retrying", 2);
    const recent = await eventAged(RECENT, "succeeded", 2);

    const removed = await applyRetention(pool(), DAYS);

    for (const gone of [oldDone, oldFailed]) expect(await left(gone)).toEqual(none);
    expect(await left(oldRetrying)).toEqual({ events: 1, sequences: 1, keys: 1, deliveries: 1, attempts: 2, messages: 1 });
    expect(await left(recent)).toEqual({ events: 1, sequences: 1, keys: 1, deliveries: 1, attempts: 2, messages: 1 });
    const weekOf = async (id: string) =>
      (await pool().query<{ t: string }>(`SELECT tableoid::regclass::text AS t FROM deliveries WHERE id = $1`, [id])).rows[0]!.t.slice(-8);
    expect(removed.keptWeeks).toEqual([await weekOf(oldRetrying.deliveryId)]);
    expect(removed.droppedWeeks.length).toBeGreaterThanOrEqual(1);
    const weeks = await logPartitionWeeks(pool());
    for (const dropped of removed.droppedWeeks) expect(weeks).not.toContain(dropped);
    expect(weeks).toContain(week(new Date(Date.now() - (DAYS - 5) * 86_400_000)));

    // once sent, its week goes too
    await pool().query(`UPDATE deliveries SET status = 'succeeded' WHERE id = $1`, [oldRetrying.deliveryId]);
    expect((await applyRetention(pool(), DAYS)).keptWeeks).toEqual([]);
    expect(await left(oldRetrying)).toEqual(none);
    expect(await applyRetention(pool(), DAYS)).toMatchObject({ droppedWeeks: [], keptWeeks: [] }); // nothing left to do
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
    await applyRetention(pool(), DAYS - 20);
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

describe("a week's new partitions", () => {
  it("are analyzed as soon as they are big enough to be planned as more than empty, once", { timeout: 60_000 }, async () => {
    // a week of its own, far back: only this test writes in it
    const at = "200 days";
    await pool().query(`SELECT create_log_partitions((now() - $1::interval)::date, 1)`, [at]);
    const partition = `events_p${week(new Date(Date.now() - 200 * 86_400_000))}`;
    const size = async () =>
      (
        await pool().query<{ pages: number; relpages: number; reltuples: number }>(
          `SELECT pg_relation_size(oid) / 8192 AS pages, relpages, reltuples FROM pg_class WHERE relname = $1`,
          [partition],
        )
      ).rows[0]!;
    const insert = (n: number) =>
      pool().query(
        `INSERT INTO events (id, organization_id, type, data, created_at)
         SELECT uuid_v7_at(now() - $1::interval), $2, 'nfe.authorized', '{}', now() - $1::interval FROM generate_series(1, $3::int)`,
        [at, org, n],
      );

    let rows = 0;
    while (Number((await size()).pages) < YOUNG_PARTITION_PAGES) {
      expect(await analyzeYoungPartitions(pool())).not.toContain(partition);
      await insert(100);
      rows += 100;
    }
    expect((await size()).reltuples).toBeLessThan(0); // never analyzed so far

    expect(await analyzeYoungPartitions(pool())).toContain(partition);
    expect(await size()).toMatchObject({ reltuples: rows, relpages: expect.any(Number) });
    expect(Number((await size()).relpages)).toBeGreaterThanOrEqual(YOUNG_PARTITION_PAGES);
    expect(await analyzeYoungPartitions(pool())).not.toContain(partition);
  });
});
