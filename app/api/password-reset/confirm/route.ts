import { route } from "@/lib/api/next-route";
import { passwordResetSchema } from "@/lib/auth/schemas";
import { resetPassword } from "@/lib/auth/team";
import { passwordResetLimit } from "@/lib/rate-limit";

export const POST = route({ auth: "public", body: passwordResetSchema, rateLimit: passwordResetLimit }, async ({ body }) => {
  await resetPassword(body.token, body.password);
  return { ok: true };
});
