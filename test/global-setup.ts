// One embedded PostgreSQL for the whole vitest run, with a migrated template database that each
// test file copies into a database of its own (test/per-file-database.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { migrateAll } from "../lib/runtime/database";

export const TEMPLATE = "app_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "nfe-webhooks-test-"));
  const db = await startEmbeddedPostgres({ dataDir: dir, fast: true });
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  await migrateAll(db.url.replace(/\/postgres$/, `/${TEMPLATE}`));
  project.provide("pgAdminUrl", db.url);
  project.provide("pgTemplate", TEMPLATE);
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
