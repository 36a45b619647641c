// The embedded database as the launcher opens it: a random superuser password kept in
// DATA_DIR/secrets.json (0600), and the app's processes connected as `nfe_app`, which owns the app's
// schemas but is no superuser (no COPY … TO PROGRAM, no reading other databases' files). A cluster
// made by an older version with the fixed password is upgraded in place.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateAll, openDatabase, type Database } from "@/lib/runtime/database";
import { readSecrets, secretsFile } from "@/lib/runtime/secrets";

const dirs: string[] = [];
const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function launch(dataDir: string): Promise<{ db: Database; appUrl: string }> {
  const db = await openDatabase({ dataDir });
  opened.push(db);
  await migrateAll(db.url);
  return { db, appUrl: await db.handOver() };
}

describe("the embedded database the launcher opens", () => {
  it("has a random superuser password, and the app connects as a role that is not a superuser", { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "nfe-role-"));
    dirs.push(dataDir);
    const { db, appUrl } = await launch(dataDir);
    const port = new URL(db.url).port;

    expect(statSync(secretsFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(readSecrets(dataDir).databaseSuperuserPassword).not.toBe("postgres");
    expect(await canConnect(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`)).toBe(false);

    expect(new URL(appUrl).username).toBe("nfe_app");
    expect(await query(appUrl, `SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`)).toEqual([
      { rolsuper: false, rolcreaterole: false, rolcreatedb: false },
    ]);
    await expect(query(appUrl, `COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toThrow(
      /permission denied|must be superuser|pg_execute_server_program/,
    );
    await expect(query(appUrl, `SELECT pg_read_file('postgresql.conf')`)).rejects.toThrow(/permission denied/);

    // the app's work: its tables, graphile-worker's queue
    await query(appUrl, `INSERT INTO organizations (id, name) VALUES (gen_random_uuid(), 'Dona da Padaria')`);
    expect(await query(appUrl, `SELECT count(*)::int AS n FROM organizations`)).toEqual([{ n: 1 }]);
    await query(appUrl, `SELECT graphile_worker.add_job('noop', '{}'::json)`);
  });

  it("upgrades a cluster made with the old fixed password in place", { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "nfe-role-old-"));
    dirs.push(dataDir);
    const old = await startEmbeddedPostgres({ dataDir }); // what earlier versions did: postgres/postgres
    await migrateAll(old.url);
    await query(old.url, `INSERT INTO organizations (id, name) VALUES (gen_random_uuid(), 'De antes')`);
    await old.stop();

    const { db, appUrl } = await launch(dataDir);
    expect(await canConnect(`postgresql://postgres:postgres@127.0.0.1:${new URL(db.url).port}/postgres`)).toBe(false);
    expect(await query(appUrl, `SELECT name FROM organizations`)).toEqual([{ name: "De antes" }]);
    await query(appUrl, `UPDATE organizations SET name = 'De agora'`);
  });
});
