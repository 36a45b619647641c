// Tenants in platform mode: organizations keyed by the integrator's own customer id (external_id).
// PUT creates or updates (idempotent), GET reads, the list pages newest first, DELETE is soft: the
// organization's endpoints are deleted (what waited is cancelled, nothing more is sent), its tokens
// revoked and its sessions ended, publishing to it answers 404; the log stays until retention.
// A deleted tenant comes back with PUT (same id, its log intact), without its endpoints.
import "server-only";
import { z } from "zod";
import { cnpjSchema } from "@/lib/cnpj";
import { pool, prisma } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { fieldIssue, issue, requiredText } from "@/lib/validation";
import { keyset, keysetPage } from "@/lib/webhooks/log/cursor";

export const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export const tenantSchema = z.object({
  name: requiredText().trim().min(1, issue("blank")).max(200, issue("too_long")),
  cnpjs: z
    .array(cnpjSchema)
    .max(500, issue("too_many"))
    .transform((list) => [...new Set(list)])
    .optional(),
});
export type TenantInput = z.infer<typeof tenantSchema>;

export const tenantListSchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface Tenant {
  id: string;
  external_id: string;
  name: string;
  cnpjs: string[];
  created_at: Date;
}

/** The external id from the path: 404 when it cannot name a tenant (nothing to create from a bad id on GET). */
export function checkExternalId(value: string | undefined, { creating = false } = {}): string {
  let id = value ?? "";
  try {
    id = decodeURIComponent(id);
  } catch {
    // not percent-encoding: refused below as it is
  }
  if (EXTERNAL_ID.test(id)) return id;
  if (creating) {
    throw new Invalid({ external_id: [fieldIssue("invalid")] });
  }
  throw new NotFound("organization not found");
}

export const tenantView = (t: Tenant) => ({
  id: t.id,
  external_id: t.external_id,
  name: t.name,
  cnpjs: t.cnpjs,
  created_at: t.created_at.toISOString(),
});

const UPSERT_SQL = `
INSERT INTO organizations (id, name, external_id, cnpjs) VALUES (gen_random_uuid(), $2, $1, coalesce($3::text[], ARRAY[]::text[]))
ON CONFLICT (external_id) DO UPDATE SET name = excluded.name,
  cnpjs = CASE WHEN $3::text[] IS NULL THEN organizations.cnpjs ELSE excluded.cnpjs END, deleted_at = NULL
RETURNING id, external_id, name, cnpjs, created_at, (xmax = 0) AS created`;

export async function upsertTenant(externalId: string, input: TenantInput): Promise<{ tenant: Tenant; created: boolean }> {
  const { rows } = await pool().query<Tenant & { created: boolean }>(UPSERT_SQL, [externalId, input.name, input.cnpjs ?? null]);
  const { created, ...tenant } = rows[0]!;
  return { tenant, created };
}

/** The live tenant with this external id, else 404 (also for a deleted one). */
export async function getTenant(externalId: string): Promise<Tenant> {
  const { rows } = await pool().query<Tenant>(
    `SELECT id, external_id, name, cnpjs, created_at FROM organizations WHERE external_id = $1 AND deleted_at IS NULL`,
    [externalId],
  );
  if (!rows[0]) throw new NotFound("organization not found");
  return rows[0];
}

export async function listTenants(query: z.infer<typeof tenantListSchema>) {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const { after, orderAndLimit } = keyset("o", query.cursor, query.limit, param);
  const { rows } = await pool().query<Tenant>(
    `SELECT o.id, o.external_id, o.name, o.cnpjs, o.created_at FROM organizations o
     WHERE o.external_id IS NOT NULL AND o.deleted_at IS NULL ${after ? `AND ${after}` : ""} ${orderAndLimit}`,
    values,
  );
  const { page, next_cursor } = keysetPage(rows, query.limit);
  return { organizations: page.map(tenantView), next_cursor };
}

/** Soft delete (see the top of this file). */
export async function deleteTenant(externalId: string): Promise<Tenant> {
  const tenant = await getTenant(externalId);
  const now = new Date();
  await prisma.$transaction([
    prisma.organization.update({ where: { id: tenant.id }, data: { deletedAt: now } }),
    prisma.endpoint.updateMany({ where: { organizationId: tenant.id, deletedAt: null }, data: { deletedAt: now, enabled: false } }),
    prisma.delivery.updateMany({
      where: { organizationId: tenant.id, status: { in: ["pending", "retrying", "paused", "waiting"] } },
      data: { status: "cancelled", nextAttemptAt: null, updatedAt: now },
    }),
    prisma.apiToken.updateMany({ where: { organizationId: tenant.id, revokedAt: null }, data: { revokedAt: now } }),
    prisma.session.updateMany({ where: { organizationId: tenant.id, endedAt: null }, data: { endedAt: now } }),
  ]);
  return tenant;
}
