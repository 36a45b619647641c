const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikeUuid(value: string): boolean {
  return UUID.test(value);
}

/** Ids in URLs are UUIDs; anything else cannot exist (answer 404 without asking the database). */
export function isUuid(value: string | undefined): value is string {
  return typeof value === "string" && looksLikeUuid(value);
}
