// A worker prepares its delivery statements on every connection of its pool before its first job,
// so that the first deliveries after a start do not each pay a new connection's catalog loading and
// planning; preparing them writes nothing.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { env } from "@/lib/env";
import { pool } from "@/lib/db";
import { warmConnections } from "@/lib/webhooks/engine/dispatch";

const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
afterAll(() => db.end());

describe("warming a worker's connections", () => {
  it("prepares the load and record statements on each connection of the pool, and writes nothing", async () => {
    await warmConnections(db, 4);

    const clients = await Promise.all([0, 1, 2, 3].map(() => db.connect()));
    try {
      expect(db.totalCount).toBe(4); // the same four connections, kept
      for (const client of clients) {
        const { rows } = await client.query<{ name: string }>(`SELECT name FROM pg_prepared_statements ORDER BY name`);
        expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(["load-deliveries", "record-outcomes"]));
      }
    } finally {
      for (const client of clients) client.release();
    }
    const { rows } = await pool().query<{ n: number }>(
      `SELECT (SELECT count(*) FROM job_runs) + (SELECT count(*) FROM attempts) + (SELECT count(*) FROM graphile_worker._private_jobs) AS n`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("leaves the pool usable when the database cannot be reached (the connections start cold)", async () => {
    const nowhere = new pg.Pool({ connectionString: "postgresql://nobody:x@127.0.0.1:1/none", max: 2 });
    await expect(warmConnections(nowhere, 2)).resolves.toBeUndefined();
    expect(nowhere.totalCount).toBe(0);
    await nowhere.end();
  });
});
