// The add/edit form's values and their validation: the shared endpoint schemas, extended with what
// only the form has (the "all events" switch, the CNPJ being typed, headers as editable rows).
import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import { z } from "zod";
import { isValidCnpj, normalizeCnpj } from "@/lib/cnpj";
import { headerProblem, MAX_CUSTOM_HEADERS } from "@/lib/webhooks/outbound/custom-headers";
import { issue } from "@/lib/validation";
import type { EventTypeName } from "@/lib/webhooks/catalog";
import {
  createEndpointSchema,
  updateEndpointSchema,
  type CreateEndpointInput,
  type RetryPolicyName,
} from "@/lib/webhooks/endpoints/schemas";
import type { Webhook } from "@/lib/queries/webhooks";
import type { Environment } from "@/lib/webhooks/environments";

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

const formOnly = {
  all_events: z.boolean(),
  cnpj_draft: z
    .string()
    .trim()
    .refine((draft) => !draft || isValidCnpj(draft), issue("cnpj.invalid")),
  headers: headerRows,
  per_invoice: z.boolean(),
};

type Parsed = z.output<z.ZodObject<typeof formOnly>> & { event_types?: EventTypeName[]; cnpjs?: string[] };

function toInput({ all_events, cnpj_draft, per_invoice, ...input }: Parsed) {
  const cnpjs = cnpj_draft ? [...(input.cnpjs ?? []), normalizeCnpj(cnpj_draft)] : input.cnpjs;
  return {
    ...input,
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
  const resolve = zodResolver(schema) as unknown as FormResolver;
  return async (values, context, options) => {
    const result = await resolve(values, context, options);
    if (values.all_events || values.event_types.length) return result;
    return { values: {}, errors: { ...result.errors, all_events: { type: "custom", message: issue("events.none_chosen") } } };
  };
}

/**
 * A polling endpoint's form has no URL, headers, retry policy or ordering: they are filled with neutral
 * values for the shared schema and left out of what is saved.
 */
function pollingResolver(resolver: FormResolver): FormResolver {
  return async (values, context, options) => {
    const result = await resolver({ ...values, url: "https://polling.invalid", headers: [], retry_policy: "default" }, context, options);
    if (!result.values || !Object.keys(result.values).length) return result;
    const { url: _url, headers: _headers, retry_policy: _retry, ordering: _ordering, ...rest } = result.values as EndpointFormOutput;
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
  };
}
