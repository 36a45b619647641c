// Platform mode without a UI (README "Embedding in your NF-e platform"):
//   npm run -s operator -- key
//       prints a new random key for OPERATOR_API_KEY (nothing is stored: the key lives in the environment)
//   npm run -s operator -- portal <external_id> --email E [--name N] [--role admin|viewer] [--locale pt-BR|en] [--embed]
//       prints a single-use portal URL for that tenant (for support staff); works with the app
//       running (reuses its embedded PostgreSQL) or stopped (starts it just for this)
import { parseArgs } from "node:util";
import { parseEnv } from "@/lib/env";
import { newOperatorKey } from "@/lib/operator/credential";
import { migrateAll, openDatabase } from "@/lib/runtime/database";

const USAGE = `usage:
  npm run -s operator -- key
  npm run -s operator -- portal <external_id> --email E [--name N] [--role admin|viewer] [--locale pt-BR|en] [--embed]`;

async function portal(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
      locale: { type: "string" },
      embed: { type: "boolean", default: false },
    },
  });
  const externalId = positionals[0];
  if (!externalId || !values.email) throw new Error(USAGE);
  const env = parseEnv(process.env);
  const db = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, reuseRunning: true });
  try {
    await migrateAll(db.url);
    process.env.DATABASE_URL = db.url;
    const { getTenant, checkExternalId } = await import("@/lib/operator/tenants");
    const { createPortalLink, portalSessionSchema } = await import("@/lib/operator/portal");
    const { parseOrThrow } = await import("@/lib/api/route");
    const { closeDb } = await import("@/lib/db");
    const tenant = await getTenant(checkExternalId(externalId));
    const input = parseOrThrow(portalSessionSchema, {
      user: { email: values.email, name: values.name },
      role: values.role,
      locale: values.locale,
    });
    const { url, expires_at } = await createPortalLink(tenant, input);
    await closeDb();
    console.error(`single use, open before ${expires_at}`);
    console.log(values.embed ? `${url}?embed=1` : url);
  } finally {
    await db.stop();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "key") return void console.log(newOperatorKey());
  if (command === "portal") return portal(rest);
  throw new Error(USAGE);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  },
);
