// Endpoint input, shared by the add/edit form, the route handlers and the docs. Browser-safe: no
// server imports. The address policy (DNS, private ranges) runs on the server when saving.
import { z } from "zod";
import { cnpjSchema } from "@/lib/cnpj";
import { customHeadersSchema } from "@/lib/webhooks/outbound/custom-headers";
import { eventTypeNames, type EventTypeName } from "@/lib/webhooks/catalog";
import { issue, requiredText } from "@/lib/validation";
import { ENVIRONMENTS } from "@/lib/webhooks/environments";
import { PAYLOAD_FORMATS } from "@/lib/webhooks/formats/formats";

export const RETRY_POLICIES = ["default", "focus", "fast_notas"] as const;
export type RetryPolicyName = (typeof RETRY_POLICIES)[number];

/** none, or per_invoice: the deliveries of one access key are attempted strictly in sequence order */
export const ORDERINGS = ["none", "per_invoice"] as const;
export type OrderingName = (typeof ORDERINGS)[number];

const subscribable = new Set<string>(eventTypeNames.filter((n) => n !== "webhook.test"));

const fields = {
  url: requiredText()
    .trim()
    .min(1, { error: issue("blank"), abort: true })
    .max(2048, issue("too_long"))
    .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), issue("url.scheme")),
  description: z.string().trim().max(500, issue("too_long")),
  event_types: z
    .array(z.string())
    .max(200, issue("too_many"))
    .superRefine((list, ctx) =>
      list.forEach((type, index) => {
        if (!subscribable.has(type))
          ctx.addIssue({ code: "custom", message: issue("event_type.unknown"), params: { type }, path: [index] });
      }),
    )
    .transform((list) => [...new Set(list)] as EventTypeName[]),
  cnpjs: z
    .array(cnpjSchema)
    .max(500, issue("too_many"))
    .transform((list) => [...new Set(list)]),
  headers: customHeadersSchema,
  retry_policy: z.enum(RETRY_POLICIES, { error: issue("invalid_option") }),
  enabled: z.boolean(),
  environment: z.enum(ENVIRONMENTS, { error: issue("invalid_option") }),
  ordering: z.enum(ORDERINGS, { error: issue("invalid_option") }),
  payload_format: z.enum(PAYLOAD_FORMATS, { error: issue("invalid_option") }),
  redact_personal: z.boolean(),
  /** Cobrato: the secret its receiver checks on every request (stored as a custom header: sealed, masked) */
  cobrato_secret: z.string().trim().min(1, issue("blank")).max(1000, issue("too_long")),
  /** the header it goes in (X-Cobrato-Secret unless named) */
  cobrato_secret_header: z
    .string()
    .trim()
    .min(1, issue("blank"))
    .max(100, issue("too_long"))
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, issue("header.name_invalid")),
};

export const createEndpointSchema = z.object({
  /** "push", the default (POST …/webhooks reads it first: endpointKindSchema) */
  kind: z.literal("push").optional(),
  url: fields.url,
  description: fields.description.default(""),
  event_types: fields.event_types.default([]),
  cnpjs: fields.cnpjs.default([]),
  headers: fields.headers.default({}),
  retry_policy: fields.retry_policy.default("default"),
  enabled: fields.enabled.default(true),
  environment: fields.environment.default("producao"),
  ordering: fields.ordering.default("none"),
  payload_format: fields.payload_format.default("standard"),
  redact_personal: fields.redact_personal.default(false),
  cobrato_secret: fields.cobrato_secret.optional(),
  cobrato_secret_header: fields.cobrato_secret_header.optional(),
  /** save without the test request (or when it failed and the user chose "save anyway") */
  skip_verification: z.boolean().default(false),
});
export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;

export const ENDPOINT_KINDS = ["push", "polling"] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** A polling endpoint: no URL, no test request; its receiver reads GET /api/v1/webhooks/:id/feed. */
export const createPollingEndpointSchema = z.object({
  kind: z.literal("polling"),
  url: z.never({ error: issue("url.polling") }).optional(),
  description: fields.description.default(""),
  event_types: fields.event_types.default([]),
  cnpjs: fields.cnpjs.default([]),
  enabled: fields.enabled.default(true),
  environment: fields.environment.default("producao"),
});
export type CreatePollingEndpointInput = z.infer<typeof createPollingEndpointSchema>;

/** What POST /api/v1/webhooks reads first: the kind, which says which schema the body follows. */
export const endpointKindSchema = z.looseObject({
  kind: z.enum(ENDPOINT_KINDS, { error: issue("invalid_option") }).default("push"),
});
export type EndpointKindInput = z.infer<typeof endpointKindSchema>;

export const updateEndpointSchema = z.object({
  url: fields.url.optional(),
  description: fields.description.optional(),
  event_types: fields.event_types.optional(),
  cnpjs: fields.cnpjs.optional(),
  headers: fields.headers.optional(),
  retry_policy: fields.retry_policy.optional(),
  enabled: fields.enabled.optional(),
  environment: fields.environment.optional(),
  ordering: fields.ordering.optional(),
  payload_format: fields.payload_format.optional(),
  redact_personal: fields.redact_personal.optional(),
  cobrato_secret: fields.cobrato_secret.optional(),
  cobrato_secret_header: fields.cobrato_secret_header.optional(),
  skip_verification: z.boolean().default(false),
});
export type UpdateEndpointInput = z.infer<typeof updateEndpointSchema>;

/** How long the previous secret keeps signing after a rotation: not at all, a day (the default) or a week. */
export const SECRET_OVERLAPS = ["now", "24h", "7d"] as const;
export type SecretOverlap = (typeof SECRET_OVERLAPS)[number];

export const rotateSecretSchema = z.object({
  previous_secret_expires_in: z.enum(SECRET_OVERLAPS, { error: issue("invalid_option") }).default("24h"),
});
