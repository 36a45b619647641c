// The operator's credential (platform mode): OPERATOR_API_KEY, one key or several comma-separated
// for rotation, presented as `Authorization: Bearer <key>` on /api/v1/operator/… and nowhere else.
// It is not an organization token: organization tokens, sessions and cookies do not work on operator
// routes, and the key works on no other route (lib/api/route.ts). Keys are compared by their SHA-256
// in constant time; a key is named in the audit trail by the first 12 hex digits of its SHA-256.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface Operator {
  /** which key: the first 12 hex digits of its SHA-256, never the key */
  keyId: string;
}

const digest = (key: string) => createHash("sha256").update(key).digest();

export const operatorKeyId = (key: string) => digest(key).toString("hex").slice(0, 12);

/** A new key for OPERATOR_API_KEY: 32 random bytes, recognisable by its prefix. */
export function newOperatorKey(): string {
  return `nfeop_${randomBytes(32).toString("base64url")}`;
}

/** The operator a Bearer `presented` key names among `keys`, or null. */
export function matchOperatorKey(presented: string | undefined, keys: string[]): Operator | null {
  if (!presented) return null;
  const given = digest(presented);
  let found: string | null = null;
  // every key is compared (no early exit), each in constant time
  for (const key of keys) if (timingSafeEqual(given, digest(key))) found = key;
  return found ? { keyId: operatorKeyId(found) } : null;
}
