// Time-ordered ids: version 7 in Node (events) and in PostgreSQL (deliveries' default), sortable by time.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { isUuid, uuidv7 } from "@/lib/ids";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidv7", () => {
  it("is a version-7 RFC 4122 UUID carrying the time in its first 48 bits", () => {
    const at = Date.UTC(2026, 10, 24, 1, 2, 3, 456);
    const id = uuidv7(at);
    expect(id).toMatch(V7);
    expect(isUuid(id)).toBe(true);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by creation time and never repeats", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(1_795_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("PostgreSQL's uuid_v7() default gives the same kind of ids, in time order", async () => {
    const { rows } = await pool().query<{ id: string }>(`SELECT uuid_v7()::text AS id FROM generate_series(1, 3)`);
    for (const { id } of rows) expect(id).toMatch(V7);
    const before = Date.now();
    const {
      rows: [row],
    } = await pool().query<{ id: string }>(`SELECT uuid_v7()::text AS id`);
    expect(Math.abs(parseInt(row!.id.replace(/-/g, "").slice(0, 12), 16) - before)).toBeLessThan(5_000);
    const { rows: defaults } = await pool().query<{ column_default: string }>(
      `SELECT column_default FROM information_schema.columns WHERE table_name IN ('events', 'deliveries') AND column_name = 'id'`,
    );
    expect(defaults.map((d) => d.column_default)).toEqual(["uuid_v7()", "uuid_v7()"]);
  });
});
