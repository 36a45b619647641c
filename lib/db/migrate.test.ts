import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, MigrationError } from "@/lib/db/migrate";

// Each test migrates a fresh, empty schema-less database (not the template copy).
let url: string;
let admin: pg.Client;
let dbName: string;

beforeEach(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  dbName = `m_${Math.random().toString(16).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  url = process.env.DATABASE_URL!.replace(/\/[^/]+$/, `/${dbName}`);
});

afterEach(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration runner", () => {
  it("applies every project migration to an empty database, recording Prisma's checksum", async () => {
    const applied = await migrate(url);
    expect(applied.length).toBeGreaterThanOrEqual(3);
    const rows = await query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it("does nothing when run again", async () => {
    await migrate(url);
    expect(await migrate(url)).toEqual([]);
  });

  it("applies each migration once when two runners start together", async () => {
    const dir = migrationsDir({ "001_a": "CREATE TABLE a (id int); INSERT INTO a VALUES (1);", "002_b": "INSERT INTO a VALUES (2);" });
    const [first, second] = await Promise.all([migrate(url, dir), migrate(url, dir)]);
    expect([...first, ...second].sort()).toEqual(["001_a", "002_b"]);
    expect(await query(`SELECT id FROM a ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("rolls back a failing migration and stops before the next one", async () => {
    const dir = migrationsDir({
      "001_ok": "CREATE TABLE ok (id int);",
      "002_bad": "CREATE TABLE half (id int); SELECT * FROM missing_table;",
      "003_after": "CREATE TABLE after_bad (id int);",
    });
    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", "ok"]);
    const names = await query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations`);
    expect(names).toEqual([{ migration_name: "001_ok" }]);
  });

  it("refuses to continue when an applied migration was edited", async () => {
    const dir = migrationsDir({ "001_a": "CREATE TABLE a (id int);" });
    await migrate(url, dir);
    writeFileSync(path.join(dir, "001_a", "migration.sql"), "CREATE TABLE a (id bigint);");
    await expect(migrate(url, dir)).rejects.toThrow(/changed after it was applied/);
  });
});
