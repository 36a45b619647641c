// Retention: attempts and events older than the window go, in batches; recent ones stay, and so does
// an old event while one of its deliveries still waits for an attempt.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { applyRetention } from "@/lib/webhooks/engine/retention";
import { invoiceData, newEndpoint, newOrganization } from "@/test/engine-helpers";

const DAYS = 30;
const OLD = `now() - interval '${DAYS + 5} days'`;
const RECENT = `now() - interval '${DAYS - 5} days'`;

let org: string;
let endpointId: string;

beforeAll(async () => {
  org = await newOrganization("retention");
  endpointId = (await newEndpoint(org, { url: "http://127.0.0.1:9/hooks" })).id;
});

/** An event with one delivery to the endpoint, created `age` ago, its delivery in `status`, with `attempts` attempts of the same age. */
async function eventAged(age: string, status: string, attempts = 1) {
  const published = await publishEvent(org, { type: "nfe.authorized", data: invoiceData() });
  const delivery = published.deliveries.find((d) => d.endpoint_id === endpointId)!;
  await pool().query(`UPDATE events SET created_at = ${age} WHERE id = $1`, [published.event.id]);
  await pool().query(`UPDATE deliveries SET status = $2, created_at = ${age} WHERE id = $1`, [delivery.id, status]);
  await pool().query(
    `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status)
     SELECT $1, $2, n, 'auto', ${age}, 12, '{}', 500 FROM generate_series(1, $3::int) n`,
    [delivery.id, endpointId, attempts],
  );
  return { eventId: published.event.id, deliveryId: delivery.id };
}

async function exists(table: "events" | "deliveries", id: string): Promise<boolean> {
  return (await pool().query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rowCount === 1;
}

const attemptCount = async (deliveryId: string) =>
  (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE delivery_id = $1`, [deliveryId])).rows[0]!.n;

describe("applyRetention", () => {
  it("removes what is older than the window, keeps recent data and events still waiting for an attempt", async () => {
    const oldDone = await eventAged(OLD, "succeeded", 2);
    const oldFailed = await eventAged(OLD, "failed", 3);
    const oldCancelled = await eventAged(OLD, "cancelled", 0);
    const oldRetrying = await eventAged(OLD, "retrying", 2);
    const oldPending = await eventAged(OLD, "pending", 0);
    const recent = await eventAged(RECENT, "succeeded", 2);

    const removed = await applyRetention(pool(), DAYS);

    expect(removed).toEqual({ attempts: 2 + 3 + 2, events: 3, operatorActions: 0 });
    for (const gone of [oldDone, oldFailed, oldCancelled]) {
      expect(await exists("events", gone.eventId)).toBe(false);
      expect(await exists("deliveries", gone.deliveryId)).toBe(false); // with the event
    }
    for (const waiting of [oldRetrying, oldPending]) {
      expect(await exists("events", waiting.eventId)).toBe(true);
      expect(await exists("deliveries", waiting.deliveryId)).toBe(true);
    }
    expect(await attemptCount(oldRetrying.deliveryId)).toBe(0); // old attempts go even so
    expect(await exists("events", recent.eventId)).toBe(true);
    expect(await attemptCount(recent.deliveryId)).toBe(2);

    expect(await applyRetention(pool(), DAYS)).toEqual({ attempts: 0, events: 0, operatorActions: 0 }); // nothing left to do
  });

  it("deletes more than one batch (5,000 rows) of old attempts, and nothing recent", async () => {
    const many = await eventAged(OLD, "retrying", 12_345);
    const recent = await eventAged(RECENT, "succeeded", 3);

    const removed = await applyRetention(pool(), DAYS);

    expect(removed.attempts).toBe(12_345);
    expect(await attemptCount(many.deliveryId)).toBe(0);
    expect(await attemptCount(recent.deliveryId)).toBe(3);
  });

  it("an old event goes with every attempt of its deliveries, also one made recently (a resend)", async () => {
    const resent = await eventAged(OLD, "succeeded", 2);
    await pool().query(
      `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status)
       VALUES ($1, $2, 3, 'manual', now() - interval '1 day', 12, '{}', 200)`,
      [resent.deliveryId, endpointId],
    );

    await applyRetention(pool(), DAYS);

    expect(await exists("events", resent.eventId)).toBe(false);
    expect(await exists("deliveries", resent.deliveryId)).toBe(false);
    expect(await attemptCount(resent.deliveryId)).toBe(0); // no orphans left behind
  });

  it("a shorter window removes what the longer one kept", async () => {
    const recent = await eventAged(RECENT, "succeeded", 1);
    expect(await applyRetention(pool(), DAYS)).toMatchObject({ events: 0 });
    expect(await exists("events", recent.eventId)).toBe(true);

    const removed = await applyRetention(pool(), DAYS - 10);
    expect(removed.events).toBeGreaterThanOrEqual(1);
    expect(await exists("events", recent.eventId)).toBe(false);
  });
});
