import { route } from "@/lib/api/next-route";
import { reply } from "@/lib/api/route";
import { passwordResetRequestSchema } from "@/lib/auth/schemas";
import { requestPasswordReset } from "@/lib/auth/team";
import { env } from "@/lib/env";
import { passwordResetLimit } from "@/lib/rate-limit";

/** "Esqueci minha senha": the same answer whether the e-mail has an account or not. */
export const POST = route({ auth: "public", body: passwordResetRequestSchema, rateLimit: passwordResetLimit }, async ({ body }) => {
  await requestPasswordReset(body.email, body.locale);
  return reply({ ok: true, email_configured: Boolean(env.SMTP_URL) }, 202);
});
