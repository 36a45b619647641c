// Input schemas shared by the forms and the route handlers. Messages are codes the UI translates.
import { z } from "zod";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "required").max(120),
  email: z.string().trim().toLowerCase().pipe(z.email("invalid_email")),
  password: z.string().min(8, "password_too_short").max(200),
  organization: z.string().trim().min(1, "required").max(120),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const createTokenSchema = z.object({ name: z.string().trim().min(1, "required").max(80) });
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
