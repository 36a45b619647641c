import { randomFillSync } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikeUuid(value: string): boolean {
  return UUID.test(value);
}

/** Ids in URLs are UUIDs; anything else cannot exist (answer 404 without asking the database). */
export function isUuid(value: string | undefined): value is string {
  return typeof value === "string" && looksLikeUuid(value);
}

const random = Buffer.alloc(16 * 256);
let used = random.length;

/**
 * A time-ordered UUID (version 7: 48-bit Unix milliseconds, then random bits). Events and
 * deliveries use them so new rows land at the right-hand end of their primary-key indexes instead of
 * on random pages (fewer pages touched and written per insert, fewer full-page images in the WAL).
 */
export function uuidv7(now = Date.now()): string {
  if (used === random.length) {
    randomFillSync(random);
    used = 0;
  }
  const bytes = Buffer.from(random.subarray(used, (used += 16)));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
