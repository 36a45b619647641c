import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { createTokenSchema } from "@/lib/auth/schemas";
import { serializeToken } from "@/lib/api/serialize";

export const GET = route({}, async ({ principal }) => ({
  tokens: (await listApiTokens(principal.organizationId)).map(serializeToken),
}));

export const POST = route({ body: createTokenSchema }, async ({ principal, body }) => {
  const userId = principal.kind === "user" ? principal.userId : undefined;
  const { token, record } = await createApiToken(principal.organizationId, body.name, userId);
  return reply({ token: serializeToken(record), secret: token }, 201);
});
