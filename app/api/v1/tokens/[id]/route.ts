import { route } from "@/lib/api/next-route";
import { revokeApiToken } from "@/lib/auth/tokens";
import { NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export const DELETE = route({}, async ({ principal, params }) => {
  if (!isUuid(params.id)) throw new NotFound("token not found");
  await revokeApiToken(principal.organizationId, params.id!);
  return null;
});
