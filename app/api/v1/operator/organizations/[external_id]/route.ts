import { reply } from "@/lib/api/route";
import { operatorRoute } from "@/lib/operator/route";
import { checkExternalId, deleteTenant, tenantSchema, tenantView, upsertTenant } from "@/lib/operator/tenants";

export const PUT = operatorRoute({ body: tenantSchema, action: "organization.upsert" }, async ({ params, body, note }) => {
  const { tenant, created } = await upsertTenant(checkExternalId(params.external_id, { creating: true }), body);
  note.tenant = tenant;
  note.detail = { created, name: tenant.name, cnpjs: tenant.cnpjs.length };
  return reply({ organization: tenantView(tenant) }, created ? 201 : 200);
});

export const GET = operatorRoute({ tenant: true }, async ({ tenant }) => ({ organization: tenantView(tenant) }));

export const DELETE = operatorRoute({ tenant: true, action: "organization.delete" }, async ({ tenant }) => {
  await deleteTenant(tenant.external_id);
  return null;
});
