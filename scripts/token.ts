// `npm run -s token -- [--email E] [--org NAME] [--name TOKEN_NAME]`: creates the user and the
// organization when missing and prints a new API token as the last line. Works with the app running
// (reuses its embedded PostgreSQL) or stopped (starts it just for this).
import { parseArgs } from "node:util";
import { parseEnv } from "@/lib/env";
import { migrateAll, openDatabase } from "@/lib/runtime/database";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: "string", default: "admin@example.com" },
      org: { type: "string", default: "Minha Empresa" },
      name: { type: "string", default: "cli" },
    },
  });
  const env = parseEnv(process.env);
  const db = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, reuseRunning: true });
  try {
    await migrateAll(db.url);
    process.env.DATABASE_URL = db.url;
    const { ensureAccount } = await import("@/lib/auth/accounts");
    const { createApiToken } = await import("@/lib/auth/tokens");
    const { closeDb } = await import("@/lib/db");
    const { user, password } = await ensureAccount(values.email!, values.org!);
    if (password) console.error(`created user ${user.email} with password ${password}`);
    const { token } = await createApiToken(user.organizationId, values.name!, user.id);
    await closeDb();
    console.log(token);
  } finally {
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  },
);
