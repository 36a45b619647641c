// One of an organization's endpoints by id: every route that names an endpoint finds it here, so
// another organization's id (or a deleted endpoint's) is simply not found.
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export async function getEndpoint(organizationId: string, id: string | undefined) {
  if (!isUuid(id)) throw new NotFound("webhook not found");
  const endpoint = await prisma.endpoint.findFirst({ where: { id, organizationId, deletedAt: null } });
  if (!endpoint) throw new NotFound("webhook not found");
  return endpoint;
}
