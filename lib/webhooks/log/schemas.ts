// Query and body schemas of the delivery log API (browser-safe: the UI builds URLs from them).
import { z } from "zod";

export const DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "failed", "cancelled"] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date")
  .transform((s) => new Date(s));

export const deliveryFiltersSchema = z.object({
  status: z.enum(DELIVERY_STATUSES, { error: `must be one of ${DELIVERY_STATUSES.join(", ")}` }).optional(),
  event_type: z.string().max(100).optional(),
  /** access key, CNPJ, invoice number, event id or webhook-id */
  q: z.string().trim().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type DeliveryFilters = z.infer<typeof deliveryFiltersSchema>;

export const eventFiltersSchema = z.object({
  type: z.string().max(100).optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type EventFilters = z.infer<typeof eventFiltersSchema>;

export const recoverSchema = z
  .object({ since: isoDate, until: isoDate.optional() })
  .refine((r) => !r.until || r.until > r.since, { message: "must be after since", path: ["until"] });
export type RecoverInput = z.infer<typeof recoverSchema>;
