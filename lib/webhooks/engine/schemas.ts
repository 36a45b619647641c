// Input schemas of the engine's operations (browser-safe: the dashboard's forms use them too).
import { z } from "zod";
import { issue, isoDate } from "@/lib/validation";

/** What "Recuperar falhas" may bring back. */
export const RECOVERABLE_STATUSES = ["failed", "cancelled", "paused"] as const;

export const recoverSchema = z
  .object({
    since: isoDate,
    until: isoDate.optional(),
    statuses: z
      .array(z.enum(RECOVERABLE_STATUSES, { error: issue("invalid_option") }))
      .min(1, issue("blank"))
      .default(["failed"]),
    event_types: z.array(z.string().max(100)).max(200, issue("too_many")).optional(),
    dry_run: z.boolean().default(false),
  })
  .refine((r) => !r.until || r.until > r.since, { message: issue("date_order"), params: { after: "since" }, path: ["until"] });
export type RecoverInput = z.infer<typeof recoverSchema>;

export const eventResendSchema = z.object({
  endpoint_ids: z
    .array(z.uuid({ error: issue("invalid") }))
    .min(1, issue("blank"))
    .max(200, issue("too_many"))
    .optional(),
});
export type EventResendInput = z.infer<typeof eventResendSchema>;

/** "Reenviar selecionadas" on "Falhas": at most a page of deliveries at once. */
export const MAX_BULK_RESEND = 100;

export const bulkResendSchema = z.object({
  ids: z
    .array(z.uuid({ error: issue("invalid") }))
    .min(1, issue("blank"))
    .max(MAX_BULK_RESEND, issue("too_many")),
});
export type BulkResendInput = z.infer<typeof bulkResendSchema>;

export const pausedActionSchema = z.object({
  action: z.enum(["deliver", "discard"], { error: issue("invalid_option") }),
});
export type PausedActionInput = z.infer<typeof pausedActionSchema>;
