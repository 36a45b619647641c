// Each test file gets its own database, copied from the migrated template, so files run in parallel.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const adminUrl = inject("pgAdminUrl");
const name = `t_${randomBytes(6).toString("hex")}`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// CREATE DATABASE … TEMPLATE fails while another session is copying the same template: retry briefly.
for (let attempt = 0; ; attempt++) {
  try {
    await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")} STRATEGY FILE_COPY`));
    break;
  } catch (error) {
    if (attempt > 50) throw error;
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
  }
}
process.env.DATABASE_URL = adminUrl.replace(/\/postgres$/, `/${name}`);
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
// refused requests are logged at info: the tests make hundreds on purpose (lib/log.test.ts sets its own level)
process.env.LOG_LEVEL ??= "warn";
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});
