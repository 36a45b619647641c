// A token limited to one environment reaches that environment only: a webhook, delivery, event or
// token of the other one answers 404 by its id, as another organization's would (its lists, publishing
// and creating are limited where they are answered: withinEnvironment, limitedEnvironment).
import "server-only";
import { pool } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { limitedEnvironment, type Principal } from "@/lib/api/principal";

interface Scoped {
  path: RegExp;
  /** the environment of the organization's row with id $1 (none: the route answers its own 404) */
  sql: string;
  notFound: string;
}

const SCOPED: Scoped[] = [
  {
    path: /^\/api\/v1\/webhooks\/([^/]+)/,
    sql: `SELECT environment FROM endpoints WHERE id = $1 AND organization_id = $2`,
    notFound: "webhook not found",
  },
  {
    path: /^\/api\/v1\/deliveries\/([^/]+)/,
    sql: `SELECT e.environment FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.id = $1 AND d.organization_id = $2`,
    notFound: "delivery not found",
  },
  {
    path: /^\/api\/v1\/events\/([^/]+)/,
    sql: `SELECT environment FROM events WHERE id = $1 AND organization_id = $2`,
    notFound: "event not found",
  },
  {
    // a token limited to both environments (null) is not the other environment's
    path: /^\/api\/v1\/tokens\/([^/]+)/,
    sql: `SELECT coalesce(environment, '') AS environment FROM api_tokens WHERE id = $1 AND organization_id = $2`,
    notFound: "token not found",
  },
];

/** 404 when `pathname` names by id a row of the other environment than the caller's token is limited to. */
export async function checkEnvironmentScope(principal: Principal, pathname: string): Promise<void> {
  const limit = limitedEnvironment(principal);
  if (!limit) return;
  for (const { path, sql, notFound } of SCOPED) {
    const id = path.exec(pathname)?.[1];
    if (!id || !isUuid(id)) continue;
    const { rows } = await pool().query<{ environment: string }>(sql, [id, principal.organizationId]);
    if (rows[0] && rows[0].environment !== limit) throw new NotFound(notFound);
    return;
  }
}
