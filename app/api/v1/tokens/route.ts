import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { limitedEnvironment, withinEnvironment } from "@/lib/api/principal";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { createTokenSchema } from "@/lib/auth/schemas";
import { serializeToken } from "@/lib/api/serialize";

export const GET = route({}, async ({ principal }) => ({
  tokens: (await listApiTokens(principal.organizationId)).map(serializeToken),
}));

export const POST = route({ body: createTokenSchema }, async ({ principal, body }) => {
  // a token's tokens belong to the member who made it: demoting or removing them bounds both
  const createdById = principal.kind === "user" ? principal.userId : principal.createdById;
  // a token limited to an environment makes tokens limited to it too
  const environment = withinEnvironment(principal, body.environment) ?? limitedEnvironment(principal);
  const { token, record } = await createApiToken(principal.organizationId, {
    name: body.name,
    scope: body.scope,
    createdById,
    environment,
  });
  return reply({ token: serializeToken(record), secret: token }, 201);
});
