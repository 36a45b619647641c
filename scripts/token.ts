// `npm run -s token -- [--email E] [--org NAME] [--name TOKEN_NAME] [--scope publish|read|admin]
// [--publish-rate N]`: creates the user and the organization when missing and prints a new API token
// as the last line. It is an operator's token: no publish rate (PUBLISH_RATE_PER_S) unless
// --publish-rate gives one. Works with the app running
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
      scope: { type: "string", default: "admin" },
      // an operator's token: no publish rate unless one is given
      "publish-rate": { type: "string", default: "0" },
    },
  });
  const env = parseEnv(process.env);
  const db = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, reuseRunning: true });
  try {
    await migrateAll(db.url);
    process.env.DATABASE_URL = db.url;
    const { ensureAccount } = await import("@/lib/auth/accounts");
    const { createApiToken } = await import("@/lib/auth/tokens");
    const { createTokenSchema } = await import("@/lib/auth/schemas");
    const { closeDb } = await import("@/lib/db");
    const { user, password } = await ensureAccount(values.email!, values.org!);
    if (password) console.error(`created user ${user.email} with password ${password}`);
    const { token } = await createApiToken(user.organizationId, {
      name: values.name!,
      scope: createTokenSchema.shape.scope.parse(values.scope),
      createdById: user.id,
      publishRatePerS: Number(values["publish-rate"]),
    });
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
