// Query and body schemas of the delivery log API (browser-safe: the UI builds URLs from them).
import { z } from "zod";
import { issue, isoDate } from "@/lib/validation";
import { ENVIRONMENTS } from "@/lib/webhooks/environments";
import { eventTypeNames } from "@/lib/webhooks/catalog";

const known = new Set<string>(eventTypeNames);

/** A filter by event type names one of the catalog's: a typo answers 422 instead of an empty list. */
const eventType = z
  .string()
  .max(100)
  .superRefine((type, ctx) => {
    if (!known.has(type)) ctx.addIssue({ code: "custom", message: issue("event_type.unknown"), params: { type } });
  })
  .optional();

const environment = z.enum(ENVIRONMENTS, { error: issue("invalid_option") }).optional();

export const DELIVERY_STATUSES = ["pending", "retrying", "waiting", "succeeded", "failed", "cancelled", "paused", "discarded"] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

export const deliveryFiltersSchema = z.object({
  status: z.enum(DELIVERY_STATUSES, { error: issue("invalid_option") }).optional(),
  event_type: eventType,
  /** access key, CNPJ, invoice number, event id or webhook-id */
  q: z.string().trim().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type DeliveryFilters = z.infer<typeof deliveryFiltersSchema>;

/** What "Falhas" lists across the organization's webhooks (a partial index holds exactly these). */
export const FAILURE_STATUSES = ["failed", "retrying", "paused", "cancelled"] as const;

export const failureFiltersSchema = deliveryFiltersSchema.extend({
  status: z.enum(FAILURE_STATUSES, { error: issue("invalid_option") }).default("failed"),
  endpoint_id: z.uuid({ error: issue("invalid") }).optional(),
  environment,
});
export type FailureFilters = z.infer<typeof failureFiltersSchema>;

/** How many of its latest deliveries a webhook's page shows above everything else. */
export const RECENT_DELIVERIES = 10;

export const eventFiltersSchema = z.object({
  type: eventType,
  q: z.string().trim().max(200).optional(),
  environment,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type EventFilters = z.infer<typeof eventFiltersSchema>;
