// Which PostgreSQL to use: DATABASE_URL when set, otherwise the embedded cluster under DATA_DIR
// (already running under another launcher, or started here), migrated before use.
import { runMigrations } from "graphile-worker";
import pg from "pg";
import { quietLogger } from "@/lib/runtime/logger";
import { migrate } from "@/lib/db/migrate";
import { DELIVER_TASK } from "@/lib/webhooks/engine/job";
import { handOverToAppRole, runningEmbeddedUrl, startEmbeddedPostgres } from "@/lib/db/embedded";
import { loadOrCreateSecrets } from "@/lib/runtime/secrets";

export interface Database {
  /** for migrations: the embedded cluster's superuser, or DATABASE_URL */
  url: string;
  embedded: boolean;
  /** after migrations: the URL the web server and workers get (the embedded cluster's `nfe_app` role) */
  handOver(): Promise<string>;
  stop(): Promise<void>;
}

export async function openDatabase(opts: { dataDir: string; databaseUrl?: string; reuseRunning?: boolean }): Promise<Database> {
  const as = (url: string): Database => ({ url, embedded: false, handOver: async () => url, stop: async () => undefined });
  if (opts.databaseUrl) return as(opts.databaseUrl);
  const running = opts.reuseRunning ? runningEmbeddedUrl(opts.dataDir) : undefined;
  if (running) return as(running);
  const secrets = loadOrCreateSecrets(opts.dataDir);
  const db = await startEmbeddedPostgres({ dataDir: opts.dataDir, password: secrets.databaseSuperuserPassword });
  return { url: db.url, embedded: true, handOver: () => handOverToAppRole(db.url, secrets.databasePassword), stop: db.stop };
}

/**
 * The project's migrations, then graphile-worker's own schema, with the 'deliver' task registered
 * (publishing inserts its jobs directly: lib/webhooks/engine/publish-batcher.ts).
 */
export async function migrateAll(url: string): Promise<string[]> {
  const applied = await migrate(url);
  await runMigrations({ connectionString: url, logger: quietLogger });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO graphile_worker._private_tasks (identifier) VALUES ($1) ON CONFLICT DO NOTHING`, [DELIVER_TASK]);
  } finally {
    await client.end();
  }
  return applied;
}
