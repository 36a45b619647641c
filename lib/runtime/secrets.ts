// Keys the app needs but a newcomer should not have to invent: generated once, kept in
// DATA_DIR/secrets.json (mode 0600; DATA_DIR itself 0700 where the embedded database allows it).
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface RuntimeSecrets {
  authSecret: string;
  encryptionKey: string;
  /** the embedded PostgreSQL's superuser (`postgres`): only the launcher uses it */
  databaseSuperuserPassword: string;
  /** the app's own database role (`nfe_app`, not a superuser): what the web server and workers use */
  databasePassword: string;
}

const generators: Record<keyof RuntimeSecrets, () => string> = {
  authSecret: () => randomBytes(32).toString("base64url"),
  encryptionKey: () => randomBytes(32).toString("base64"),
  databaseSuperuserPassword: () => randomBytes(24).toString("base64url"),
  databasePassword: () => randomBytes(24).toString("base64url"),
};

export function secretsFile(dataDir: string): string {
  return path.join(dataDir, "secrets.json");
}

export function readSecrets(dataDir: string): Partial<RuntimeSecrets> {
  const file = secretsFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<RuntimeSecrets>) : {};
}

export function loadOrCreateSecrets(
  dataDir: string,
  given: Partial<Pick<RuntimeSecrets, "authSecret" | "encryptionKey">> = {},
): RuntimeSecrets {
  const file = secretsFile(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // ours alone; as root, the embedded database (user postgres) is let through it (lib/db/embedded.ts)
  if (process.getuid?.() !== 0) {
    try {
      chmodSync(dataDir, 0o700);
    } catch {
      // a folder we do not own: leave it as it is
    }
  }
  const stored = readSecrets(dataDir);
  const secrets = Object.fromEntries(
    (Object.keys(generators) as (keyof RuntimeSecrets)[]).map((key) => [key, stored[key] ?? generators[key]()]),
  ) as unknown as RuntimeSecrets;
  if ((Object.keys(generators) as (keyof RuntimeSecrets)[]).some((key) => stored[key] !== secrets[key])) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return { ...secrets, authSecret: given.authSecret ?? secrets.authSecret, encryptionKey: given.encryptionKey ?? secrets.encryptionKey };
}
