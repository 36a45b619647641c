// `npm run soak [-- --quick]`: the delivery soak (scripts/soak/run.ts) on its own embedded PostgreSQL
// in a temporary folder, loopback only. Full: ~4,000 events over 120 s with a worker SIGKILLed every
// 15 s and one PostgreSQL restart (≤ 5 min); --quick: 600 events over 25 s, kills every 8 s (≤ 60 s).
// Prints a table; exits 1 when the promise was broken.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrateAll } from "@/lib/runtime/database";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  const dataDir = mkdtempSync(path.join(tmpdir(), "nfe-soak-"));
  let db: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir });
  try {
    await migrateAll(db.url);
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ALLOW_PRIVATE_WEBHOOK_URLS: "true",
      NODE_ENV: "test",
    });
    const { runSoak, formatTable } = await import("./soak/run");
    const { closeDb } = await import("@/lib/db");
    const quick = values.quick;
    const result = await runSoak({
      events: quick ? 600 : 4_000,
      publishMs: quick ? 25_000 : 120_000,
      killEveryMs: quick ? 8_000 : 15_000,
      settleMs: quick ? 25_000 : 150_000,
      restartPostgres: quick
        ? undefined
        : async () => {
            await db.stop();
            db = await startEmbeddedPostgres({ dataDir });
          },
      log: (line) => console.log(line),
    });
    await closeDb();
    console.log(`\nsoak ${quick ? "(quick)" : "(full)"}\n${formatTable(result.rows)}\n`);
    if (result.failures.length) {
      console.error(`✖ the promise was broken:\n  ${result.failures.join("\n  ")}`);
      return 1;
    }
    console.log("✔ nothing lost, every signature valid, nothing stuck, the log accounts for every request");
    return 0;
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`✖ soak failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
