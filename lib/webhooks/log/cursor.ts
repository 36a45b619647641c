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

/** Adds `value` to a statement's parameters and answers its placeholder ($n). */
export type Param = (value: unknown) => string;

/**
 * The keyset parts of a newest-first page over `alias`'s (created_at, id): the condition that starts
 * after the cursor (none on the first page) and the ORDER BY … LIMIT that reads one row more than
 * `limit`, which tells whether there is a next page.
 */
export function keyset(
  alias: string,
  cursorValue: string | undefined,
  limit: number,
  param: Param,
): { after?: string; orderAndLimit: string } {
  const cursor = decodeCursor(cursorValue);
  return {
    after: cursor && `(${alias}.created_at, ${alias}.id) < (${param(cursor.createdAt)}, ${param(cursor.id)})`,
    orderAndLimit: `ORDER BY ${alias}.created_at DESC, ${alias}.id DESC LIMIT ${param(limit + 1)}`,
  };
}

/** The page `keyset` read: at most `limit` rows, and the cursor of the next page when there is one. */
export function keysetPage<R extends { created_at: Date; id: string }>(
  rows: R[],
  limit: number,
): { page: R[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}
