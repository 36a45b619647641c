// Custom header values often carry a receiver's credentials (an API key, a Basic password): they are
// stored encrypted like endpoint secrets (lib/crypto/secret-box.ts), names in clear. A value stored
// before encryption (no prefix) is read as it is and sealed on the endpoint's next save.
import { decrypt, encrypt } from "@/lib/crypto/secret-box";

const SEALED = "enc:";

export function sealHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SEALED + encrypt(value)]));
}

export function openHeaders(stored: unknown): Record<string, string> {
  const headers = (stored ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, value.startsWith(SEALED) ? decrypt(value.slice(SEALED.length)) : value]),
  );
}
