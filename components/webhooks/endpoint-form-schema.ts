// The add/edit form's values and their validation: the shared endpoint schemas, extended with what
// only the form has (the "all events" switch, the CNPJ being typed, headers as editable rows).
import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import { z } from "zod";
import { isValidCnpj, normalizeCnpj } from "@/lib/cnpj";
import { headerProblem, MAX_CUSTOM_HEADERS } from "@/lib/webhooks/outbound/custom-headers";
import { CODED, issue } from "@/lib/validation";
import type { EventTypeName } from "@/lib/webhooks/catalog";
import {
  createEndpointSchema,
  updateEndpointSchema,
  type CreateEndpointInput,
  type RetryPolicyName,
} from "@/lib/webhooks/endpoints/schemas";
import type { Webhook } from "@/lib/queries/webhooks";
import type { Environment } from "@/lib/webhooks/environments";
import type { PayloadFormat } from "@/lib/webhooks/formats/formats";

export interface HeaderRow {
  name: string;
  value: string;
}

export interface EndpointFormValues {
  url: string;
  description: string;
  /** the default: no event chosen means every event type, including ones added later */
  all_events: boolean;
  event_types: EventTypeName[];
  cnpjs: string[];
  /** a CNPJ typed but not added yet: saved along with the others when valid */
  cnpj_draft: string;
  headers: HeaderRow[];
  retry_policy: RetryPolicyName;
  enabled: boolean;
  environment: Environment;
  /** "Entregar na ordem de cada nota": saved as ordering per_invoice (push webhooks only) */
  per_invoice: boolean;
  payload_format: PayloadFormat;
  /** "Ocultar dados pessoais" */
  redact_personal: boolean;
  /** Cobrato only; blank: none given (an edited webhook keeps the one it has) */
  cobrato_secret: string;
  /** Cobrato only; blank: X-Cobrato-Secret */
  cobrato_secret_header: string;
}

export type EndpointFormOutput = Omit<CreateEndpointInput, "skip_verification">;

// Each row is checked on its own with the shared header rules, so errors land next to the row.
const headerRow = z.object({ name: z.string().trim(), value: z.string() }).superRefine((row, ctx) => {
  if (!row.name) {
    if (row.value) ctx.addIssue({ code: "custom", path: ["name"], message: issue("header.name_required") });
    return;
  }
  const nameProblem = headerProblem(row.name, "");
  if (nameProblem) return void ctx.addIssue({ code: "custom", path: ["name"], message: nameProblem });
  const valueProblem = headerProblem(row.name, row.value);
  if (valueProblem) ctx.addIssue({ code: "custom", path: ["value"], message: valueProblem });
});

const headerRows = z
  .array(headerRow)
  .max(MAX_CUSTOM_HEADERS, issue("header.too_many"))
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, index) => {
      const key = row.name.toLowerCase();
      if (key && seen.has(key)) ctx.addIssue({ code: "custom", path: [index, "name"], message: issue("header.repeated") });
      seen.add(key);
    });
  })
  .transform((rows) => Object.fromEntries(rows.filter((row) => row.name).map((row) => [row.name, row.value])));

/** A text field left blank is not sent; one filled in follows the shared rule. */
function blankAsNone<T extends z.ZodType<unknown, string | undefined>>(schema: T) {
  return z
    .string()
    .trim()
    .transform((text) => text || undefined)
    .pipe(schema);
}

const formOnly = {
  all_events: z.boolean(),
  cnpj_draft: z
    .string()
    .trim()
    .refine((draft) => !draft || isValidCnpj(draft), issue("cnpj.invalid")),
  headers: headerRows,
  per_invoice: z.boolean(),
  cobrato_secret: blankAsNone(createEndpointSchema.shape.cobrato_secret),
  cobrato_secret_header: blankAsNone(createEndpointSchema.shape.cobrato_secret_header),
};

type Parsed = z.output<z.ZodObject<typeof formOnly>> & {
  event_types?: EventTypeName[];
  cnpjs?: string[];
  payload_format?: PayloadFormat;
};

function toInput({ all_events, cnpj_draft, per_invoice, cobrato_secret, cobrato_secret_header, ...input }: Parsed) {
  const cnpjs = cnpj_draft ? [...(input.cnpjs ?? []), normalizeCnpj(cnpj_draft)] : input.cnpjs;
  const cobrato = input.payload_format === "cobrato";
  return {
    ...input,
    cobrato_secret: cobrato ? cobrato_secret : undefined,
    cobrato_secret_header: cobrato ? cobrato_secret_header : undefined,
    event_types: all_events ? [] : input.event_types,
    cnpjs: cnpjs && [...new Set(cnpjs)],
    ordering: per_invoice ? ("per_invoice" as const) : ("none" as const),
  };
}

const createFormSchema = createEndpointSchema.omit({ skip_verification: true }).extend(formOnly).transform(toInput);

const updateFormSchema = updateEndpointSchema.omit({ skip_verification: true }).extend(formOnly).transform(toInput);

type FormResolver = Resolver<EndpointFormValues, unknown, EndpointFormOutput>;

/**
 * The form always fills every field, so the update schema yields the same complete shape as create.
 * "No event chosen" is checked here rather than in zod so it shows even when another field is invalid.
 */
function formResolver(schema: typeof createFormSchema | typeof updateFormSchema): FormResolver {
  const resolve = zodResolver(schema, CODED) as unknown as FormResolver;
  return async (values, context, options) => {
    const result = await resolve(values, context, options);
    if (values.all_events || values.event_types.length) return result;
    return { values: {}, errors: { ...result.errors, all_events: { type: "custom", message: issue("events.none_chosen") } } };
  };
}

/**
 * A polling endpoint's form has no URL, headers, retry policy, ordering or payload format: they are
 * filled with neutral values for the shared schema and left out of what is saved.
 */
function pollingResolver(resolver: FormResolver): FormResolver {
  return async (values, context, options) => {
    const result = await resolver({ ...values, url: "https://polling.invalid", headers: [], retry_policy: "default" }, context, options);
    if (!result.values || !Object.keys(result.values).length) return result;
    const {
      url: _url,
      headers: _headers,
      retry_policy: _retry,
      ordering: _ordering,
      payload_format: _format,
      redact_personal: _redact,
      ...rest
    } = result.values as EndpointFormOutput;
    return { values: rest as EndpointFormOutput, errors: {} };
  };
}

export const endpointFormResolvers = {
  create: formResolver(createFormSchema),
  edit: formResolver(updateFormSchema),
  createPolling: pollingResolver(formResolver(createFormSchema)),
  editPolling: pollingResolver(formResolver(updateFormSchema)),
};

export const emptyEndpointForm: EndpointFormValues = {
  url: "",
  description: "",
  all_events: true,
  event_types: [],
  cnpjs: [],
  cnpj_draft: "",
  headers: [],
  retry_policy: "default",
  enabled: true,
  environment: "producao",
  per_invoice: false,
  payload_format: "standard",
  redact_personal: false,
  cobrato_secret: "",
  cobrato_secret_header: "",
};

export function endpointFormValues(webhook: Webhook): EndpointFormValues {
  return {
    url: webhook.url ?? "",
    description: webhook.description,
    all_events: webhook.event_types.length === 0,
    event_types: webhook.event_types as EventTypeName[],
    cnpjs: webhook.cnpjs,
    cnpj_draft: "",
    headers: Object.entries(webhook.headers).map(([name, value]) => ({ name, value })),
    retry_policy: webhook.retry_policy as RetryPolicyName,
    enabled: webhook.enabled,
    environment: webhook.environment,
    per_invoice: webhook.ordering === "per_invoice",
    payload_format: webhook.payload_format,
    redact_personal: webhook.redact_personal,
    cobrato_secret: "",
    cobrato_secret_header: "",
  };
}
