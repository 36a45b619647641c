// Encryption at rest for endpoint secrets: AES-256-GCM under ENCRYPTION_KEY (generated once in
// DATA_DIR by the launcher when not configured). Format: v1.<iv>.<tag>.<ciphertext>, base64url.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

function key(): Buffer {
  if (!env.ENCRYPTION_KEY) throw new Error("ENCRYPTION_KEY is not set: start through `npm start`, which provides it");
  return Buffer.from(env.ENCRYPTION_KEY, "base64");
}

export function encrypt(plaintext: string, encryptionKey = key()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

const decrypted = new Map<string, string>();

/** Decrypts (memoised: the worker decrypts the same few secrets for every delivery). */
export function decrypt(box: string, encryptionKey = key()): string {
  const hit = decrypted.get(box);
  if (hit !== undefined) return hit;
  const [version, iv, tag, ciphertext] = box.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  if (decrypted.size > 10_000) decrypted.clear();
  decrypted.set(box, plaintext);
  return plaintext;
}
