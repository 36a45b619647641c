// Keyset cursors over (created_at, id), newest first: opaque to clients, stable while rows arrive.
import { BadRequest } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  const [at, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) throw new BadRequest("cursor.invalid", "invalid cursor");
  return { createdAt, id };
}
