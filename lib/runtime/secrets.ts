// Keys the app needs but a newcomer should not have to invent: generated once, kept in DATA_DIR.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface RuntimeSecrets {
  authSecret: string;
  encryptionKey: string;
}

export function loadOrCreateSecrets(dataDir: string, given: Partial<RuntimeSecrets> = {}): RuntimeSecrets {
  const file = path.join(dataDir, "secrets.json");
  mkdirSync(dataDir, { recursive: true });
  const stored: Partial<RuntimeSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets: RuntimeSecrets = {
    authSecret: stored.authSecret ?? randomBytes(32).toString("base64url"),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString("base64"),
  };
  if (stored.authSecret !== secrets.authSecret || stored.encryptionKey !== secrets.encryptionKey) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return { authSecret: given.authSecret ?? secrets.authSecret, encryptionKey: given.encryptionKey ?? secrets.encryptionKey };
}
