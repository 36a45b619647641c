// Input schemas shared by the forms and the route handlers. Messages are codes (lib/validation.ts).
import { z } from "zod";
import { issue, requiredText } from "@/lib/validation";
import { ENVIRONMENTS } from "@/lib/webhooks/environments";

export const signUpSchema = z.object({
  name: requiredText().trim().min(1, issue("blank")).max(120, issue("too_long")),
  email: requiredText()
    .trim()
    .toLowerCase()
    .pipe(z.email(issue("email.invalid"))),
  password: requiredText().min(8, issue("password.too_short")).max(200, issue("too_long")),
  organization: requiredText().trim().min(1, issue("blank")).max(120, issue("too_long")),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const createTokenSchema = z.object({
  name: requiredText().trim().min(1, issue("blank")).max(80, issue("too_long")),
  /** publish: only POST /api/v1/events; read: every GET; admin: everything (the default) */
  scope: z.enum(["publish", "read", "admin"], issue("invalid_option")).default("admin"),
  /** limited to one environment: it publishes and lists only there (left out or null: both) */
  environment: z.enum(ENVIRONMENTS, issue("invalid_option")).nullable().optional(),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

const localeField = z.enum(["pt-BR", "en"]).default("pt-BR");

export const passwordResetRequestSchema = z.object({
  email: requiredText()
    .trim()
    .toLowerCase()
    .pipe(z.email(issue("email.invalid"))),
  locale: localeField,
});

const newPassword = requiredText().min(8, issue("password.too_short")).max(200, issue("too_long"));

export const passwordResetSchema = z.object({ token: requiredText().min(1, issue("blank")).max(200), password: newPassword });

export const invitationSchema = z.object({
  email: requiredText()
    .trim()
    .toLowerCase()
    .pipe(z.email(issue("email.invalid"))),
  role: z.enum(["admin", "viewer"], issue("invalid_option")).default("viewer"),
  locale: localeField,
});

export const acceptInvitationSchema = z.object({
  token: requiredText().min(1, issue("blank")).max(200),
  name: requiredText().trim().min(1, issue("blank")).max(120, issue("too_long")),
  password: newPassword,
});

/** Accepting an invitation while signed in with the invited e-mail's account. */
export const joinInvitationSchema = z.object({ token: requiredText().min(1, issue("blank")).max(200) });

export const switchOrganizationSchema = z.object({
  organization_id: requiredText().min(1, issue("blank")).max(100, issue("too_long")),
});

export const memberRoleSchema = z.object({ role: z.enum(["owner", "admin", "viewer"], issue("invalid_option")) });
