import { route } from "@/lib/api/handler";
import { signUp } from "@/lib/auth/accounts";
import { signUpSchema } from "@/lib/auth/schemas";
import { TooManyRequests } from "@/lib/errors";
import { signUpLimiter } from "@/lib/rate-limit";

export const POST = route({ auth: "public", body: signUpSchema }, async ({ request, body }) => {
  const address = `ip:${request.headers.get("x-forwarded-for")?.split(",")[0] ?? "local"}`;
  const wait = signUpLimiter.blockedFor(address);
  if (wait > 0) throw new TooManyRequests(wait);
  signUpLimiter.hit(address);
  const user = await signUp(body);
  return Response.json({ user: { id: user.id, email: user.email, name: user.name } }, { status: 201 });
});
