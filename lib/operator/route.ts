// Operator routes (/api/v1/operator/…): `operatorRoute` is `route` with the operator credential
// (lib/operator/auth.ts), the tenant named by the path's `:external_id` resolved (404 for an unknown
// or deleted one, before anything else happens), and every change audited: which key did what, for
// which tenant, with what outcome (operator_actions, deleted with the log after RETENTION_DAYS).
// Publishing is audited by the events themselves (events.published_by), not one row per event.
import "server-only";
import type { z } from "zod";
import { route } from "@/lib/api/next-route";
import { Reply, type RouteContext, type RouteOptions } from "@/lib/api/route";
import { pool } from "@/lib/db";
import { ApiError } from "@/lib/errors";
import type { Operator } from "@/lib/operator/credential";
import { checkExternalId, getTenant, type Tenant } from "@/lib/operator/tenants";
import { log } from "@/lib/log";

type Schema = z.ZodType | undefined;

/** What the audit row says beyond the action: the object acted on and a few facts. */
export interface AuditNote {
  target?: string;
  detail?: Record<string, unknown>;
  /** the tenant, when the action made or found it without a resolved `tenant` */
  tenant?: Pick<Tenant, "id" | "external_id">;
}

export interface OperatorContext<B extends Schema, Q extends Schema> extends RouteContext<B, Q> {
  operator: Operator;
  /** the tenant of `:external_id` (only with `tenant: true`) */
  tenant: Tenant;
  note: AuditNote;
}

interface OperatorRouteOptions<B extends Schema, Q extends Schema> extends Omit<RouteOptions<B, Q>, "auth" | "need"> {
  /** resolve `:external_id` to a live tenant first */
  tenant?: boolean;
  /** audited under this name (changes); reads are not audited */
  action?: string;
}

export function operatorRoute<B extends Schema = undefined, Q extends Schema = undefined>(
  options: OperatorRouteOptions<B, Q>,
  handler: (ctx: OperatorContext<B, Q>) => Promise<Reply | object | null>,
) {
  const { tenant: withTenant, action, ...rest } = options;
  return route<B, Q>({ ...rest, auth: "operator" }, async (ctx) => {
    const operator = ctx.operator!;
    const note: AuditNote = {};
    let tenant: Tenant | undefined;
    let status = 500;
    try {
      if (withTenant) tenant = await getTenant(checkExternalId(ctx.params.external_id));
      const result = await handler({ ...ctx, operator, tenant: tenant as Tenant, note });
      status = result instanceof Reply ? result.status : result === null ? 204 : 200;
      return result;
    } catch (error) {
      status = error instanceof ApiError ? error.status : 500;
      throw error;
    } finally {
      if (action) {
        const about = note.tenant ?? tenant;
        await audit(operator, action, {
          organizationId: about?.id ?? null,
          externalId: about?.external_id ?? (ctx.params.external_id ? safeDecode(ctx.params.external_id).slice(0, 200) : null),
          target: note.target ?? null,
          address: ctx.address,
          status,
          detail: note.detail ?? null,
        }).catch((error: Error) => log().error({ action, err: error }, "operator action could not be audited"));
      }
    }
  });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function audit(
  operator: Operator,
  action: string,
  row: {
    organizationId: string | null;
    externalId: string | null;
    target: string | null;
    address: string;
    status: number;
    detail: object | null;
  },
) {
  await pool().query(
    `INSERT INTO operator_actions (key_id, action, organization_id, external_id, target, address, status, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      operator.keyId,
      action,
      row.organizationId,
      row.externalId,
      row.target,
      row.address,
      row.status,
      row.detail && JSON.stringify(row.detail),
    ],
  );
}

/** The audit trail, newest first (what `GET /api/v1/operator/audit` answers). */
export async function listOperatorActions(filter: { externalId?: string; limit: number }) {
  const { rows } = await pool().query(
    `SELECT id, key_id, action, external_id, target, address, status, detail, created_at FROM operator_actions
     WHERE ($1::text IS NULL OR external_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [filter.externalId ?? null, filter.limit],
  );
  return rows;
}
