import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { signUp } from "@/lib/auth/accounts";
import { signUpSchema } from "@/lib/auth/schemas";
import { signUpLimit } from "@/lib/rate-limit";

export const POST = route({ auth: "public", body: signUpSchema, rateLimit: signUpLimit }, async ({ body }) => {
  const user = await signUp(body);
  return reply({ user: { id: user.id, email: user.email, name: user.name } }, 201);
});
