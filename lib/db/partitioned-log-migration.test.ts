// Migration 20261206000200_partitioned_log on a database with a log: every row is kept, each in its
// week's partition (or the default one when its id holds no week), the publishers' ids move to
// event_keys, attempts keep numbering, and the app's statements work on the result.
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate } from "@/lib/db/migrate";
import { uuidv7 } from "@/lib/ids";

const MIGRATION = "20261206000200_partitioned_log";
const DAY = 86_400_000;

let admin: pg.Client;
let db: pg.Client;
let dbName: string;
let url: string;

/** The project's migrations before the partitioned log's, in a folder of their own. */
function migrationsBefore(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-before-"));
  for (const migration of readdirSync(defaultMigrationsDir).filter((m) => m < name && /^\d/.test(m))) {
    cpSync(path.join(defaultMigrationsDir, migration), path.join(dir, migration), { recursive: true });
  }
  return dir;
}

/** The Monday (UTC) of the week of `ms`, as a partition names it. */
const week = (ms: number) => {
  const date = new Date(ms);
  return new Date(ms - ((date.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10).replaceAll("-", "");
};

interface Seeded {
  org: string;
  events: { id: string; at: number; key: string | null }[];
  deliveries: { id: string; at: number }[];
  maxAttemptId: number;
}

/** A log written by the previous schema: events over the last 3 days, one made before time-ordered ids. */
async function seedOldLog(): Promise<Seeded> {
  const { rows } = await db.query<{ id: string }>(`INSERT INTO organizations (name) VALUES ('antes') RETURNING id`);
  const org = rows[0]!.id;
  const endpoint = "00000000-0000-4000-8000-000000000001";
  const now = Date.now();
  const events = [
    { id: uuidv7(now - 3 * DAY), at: now - 3 * DAY, key: "nota-1" },
    { id: uuidv7(now - 2 * DAY), at: now - 2 * DAY, key: null },
    { id: uuidv7(now - 1000), at: now - 1000, key: "nota-3" },
    { id: "5b1d2c2e-8c7a-4d6e-9f00-0123456789ab", at: now - 10 * DAY, key: "nota-antiga" }, // a version 4 id
  ];
  const deliveries: Seeded["deliveries"] = [];
  for (const [i, ev] of events.entries()) {
    await db.query(
      `INSERT INTO events (id, organization_id, type, data, idempotency_key, access_key, created_at) VALUES ($1, $2, 'nfe.authorized', '{"n": 1}', $3, $4, $5)`,
      [ev.id, org, ev.key, `chave-${i}`, new Date(ev.at)],
    );
    await db.query(`INSERT INTO event_sequences (event_id, sequence) VALUES ($1, $2)`, [ev.id, i + 1]);
    for (let k = 0; k < 2; k++) {
      const id = i === 3 ? `5b1d2c2e-8c7a-4d6e-9f00-01234567890${k}` : uuidv7(ev.at + k);
      await db.query(
        `INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, status, attempt_count, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'nfe.authorized', 'succeeded', 2, $5, $5)`,
        [id, org, ev.id, endpoint, new Date(ev.at)],
      );
      await db.query(
        `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status)
         SELECT $1, $2, n, 'auto', $3, 10, '{}', CASE n WHEN 1 THEN 500 ELSE 200 END FROM generate_series(1, 2) n`,
        [id, endpoint, new Date(ev.at)],
      );
      await db.query(`INSERT INTO feed_messages (endpoint_id, delivery_id) VALUES ($1, $2)`, [endpoint, id]);
      deliveries.push({ id, at: ev.at });
    }
  }
  const max = await db.query<{ max: string }>(`SELECT max(id)::text AS max FROM attempts`);
  return { org, events, deliveries, maxAttemptId: Number(max.rows[0]!.max) };
}

const where = async (table: string, column: string, id: string) =>
  (await db.query<{ t: string }>(`SELECT tableoid::regclass::text AS t FROM ${table} WHERE ${column} = $1 LIMIT 1`, [id])).rows[0]?.t;

let seeded: Seeded;
let counts: Record<string, number>;
const TABLES = ["events", "event_sequences", "deliveries", "attempts", "feed_messages"];
const countAll = async () =>
  Object.fromEntries(
    await Promise.all(TABLES.map(async (t) => [t, (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n])),
  );

beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  dbName = `pm_${Math.random().toString(16).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  url = process.env.DATABASE_URL!.replace(/\/[^/]+$/, `/${dbName}`);
  await migrate(url, migrationsBefore(MIGRATION));
  db = new pg.Client({ connectionString: url });
  await db.connect();
  seeded = await seedOldLog();
  counts = await countAll();
  expect(await migrate(url)).toContain(MIGRATION);
});

afterAll(async () => {
  await db?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${MIGRATION} on a database with a log`, () => {
  it("keeps every row of every table", async () => {
    expect(counts).toEqual({ events: 4, event_sequences: 4, deliveries: 8, attempts: 16, feed_messages: 8 });
    expect(await countAll()).toEqual(counts);
  });

  it("makes the tables partitioned, with week partitions from the oldest id's week to next week", async () => {
    const { rows } = await db.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relkind = 'p' AND relname = ANY ($1::text[]) ORDER BY 1`,
      [["events", "event_sequences", "deliveries", "attempts"]],
    );
    expect(rows.map((r) => r.relname)).toEqual(["attempts", "deliveries", "event_sequences", "events"]);
    const weeks = (
      await db.query<{ week: string }>(
        `SELECT substring(c.relname FROM '[0-9]{8}$') AS week FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'events'::regclass AND c.relname ~ '_p[0-9]{8}$' ORDER BY 1`,
      )
    ).rows.map((r) => r.week);
    expect(weeks[0]).toBe(week(Date.now() - 3 * DAY));
    expect(weeks.at(-1)).toBe(week(Date.now() + 7 * DAY));
    expect(weeks.length).toBeGreaterThanOrEqual(2);
    expect(weeks.length).toBeLessThanOrEqual(3);
  });

  it("puts each row in its week's partition, and rows whose id holds no week in the default one", async () => {
    for (const ev of seeded.events.slice(0, 3)) {
      expect(await where("events", "id", ev.id)).toBe(`events_p${week(ev.at)}`);
      expect(await where("event_sequences", "event_id", ev.id)).toBe(`event_sequences_p${week(ev.at)}`);
    }
    for (const d of seeded.deliveries.slice(0, 6)) {
      expect(await where("deliveries", "id", d.id)).toBe(`deliveries_p${week(d.at)}`);
      expect(await where("attempts", "delivery_id", d.id)).toBe(`attempts_p${week(d.at)}`);
    }
    expect(await where("events", "id", seeded.events[3]!.id)).toBe("events_default");
    expect(await where("deliveries", "id", seeded.deliveries[7]!.id)).toBe("deliveries_default");
    expect(await where("attempts", "delivery_id", seeded.deliveries[7]!.id)).toBe("attempts_default");
  });

  it("moves the publishers' ids to event_keys, where a repeat conflicts", async () => {
    const { rows } = await db.query<{ idempotency_key: string; event_id: string }>(
      `SELECT idempotency_key, event_id FROM event_keys WHERE organization_id = $1 ORDER BY 1`,
      [seeded.org],
    );
    expect(rows).toEqual(
      seeded.events
        .filter((e) => e.key)
        .map((e) => ({ idempotency_key: e.key, event_id: e.id }))
        .sort((a, b) => a.idempotency_key!.localeCompare(b.idempotency_key!)),
    );
    await expect(
      db.query(`INSERT INTO event_keys (organization_id, idempotency_key, event_id) VALUES ($1, 'nota-1', gen_random_uuid())`, [
        seeded.org,
      ]),
    ).rejects.toThrow(/event_keys_pkey/);
  });

  it("attempts keep numbering after the old ones, and one delivery cannot have two attempts with a number", async () => {
    const d = seeded.deliveries[0]!;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers)
       VALUES ($1, gen_random_uuid(), 3, 'manual', now(), 5, '{}') RETURNING id::text`,
      [d.id],
    );
    expect(Number(rows[0]!.id)).toBeGreaterThan(seeded.maxAttemptId);
    await expect(
      db.query(
        `INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers)
         VALUES ($1, gen_random_uuid(), 3, 'manual', now(), 5, '{}')`,
        [d.id],
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it("keeps the log's indexes on every partition, and deleting the organization still removes its events", async () => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = $1`, [
      `deliveries_p${week(Date.now())}`,
    ]);
    expect(rows[0]!.n).toBe(9);
    await db.query(`DELETE FROM organizations WHERE id = $1`, [seeded.org]);
    expect((await db.query(`SELECT 1 FROM events`)).rowCount).toBe(0);
    expect((await db.query(`SELECT 1 FROM event_keys`)).rowCount).toBe(0);
  });
});
