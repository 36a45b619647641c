// Which PostgreSQL to use: DATABASE_URL when set, otherwise the embedded cluster under DATA_DIR
// (already running under another launcher, or started here), migrated before use.
import { runMigrations } from "graphile-worker";
import { quietLogger } from "@/lib/runtime/logger";
import { migrate } from "@/lib/db/migrate";
import { runningEmbeddedUrl, startEmbeddedPostgres } from "@/lib/db/embedded";

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(opts: { dataDir: string; databaseUrl?: string; reuseRunning?: boolean }): Promise<Database> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, embedded: false, stop: async () => undefined };
  const running = opts.reuseRunning ? runningEmbeddedUrl(opts.dataDir) : undefined;
  if (running) return { url: running, embedded: false, stop: async () => undefined };
  const db = await startEmbeddedPostgres({ dataDir: opts.dataDir });
  return { url: db.url, embedded: true, stop: db.stop };
}

/** The project's migrations, then graphile-worker's own schema. */
export async function migrateAll(url: string): Promise<string[]> {
  const applied = await migrate(url);
  await runMigrations({ connectionString: url, logger: quietLogger });
  return applied;
}
