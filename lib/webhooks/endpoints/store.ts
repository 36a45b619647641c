// Endpoints of an organization: create (policy check + test ping), read, update, delete, secrets.
// Every query is scoped by organization: another organization's id is simply not found.
import "server-only";
import type { z } from "zod";
import { openHeaders, sealHeaders } from "@/lib/webhooks/endpoints/sealed-headers";
import { pool, prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { Invalid } from "@/lib/errors";
import { encrypt } from "@/lib/crypto/secret-box";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { retryDeadlocks } from "@/lib/db/retry";
import { pauseEndpointDeliveries } from "@/lib/webhooks/endpoints/pause";
import { secretsOf } from "@/lib/webhooks/endpoints/secrets";
import { generateSecret } from "@/lib/webhooks/outbound/signing";
import { checkUrl, type UrlRefusalCode } from "@/lib/webhooks/outbound/url-policy";
import type { FieldErrorCode } from "@/lib/validation";
import { describeFailure, sendPing, serializePing, type PingOutcome } from "@/lib/webhooks/endpoints/ping";
import {
  createEndpointSchema,
  createPollingEndpointSchema,
  type CreateEndpointInput,
  type CreatePollingEndpointInput,
  type EndpointKindInput,
  type UpdateEndpointInput,
} from "@/lib/webhooks/endpoints/schemas";
import { CODED, fieldIssue, fieldIssues, refusingUnknownFields } from "@/lib/validation";
import type { Environment } from "@/lib/webhooks/environments";
import { COBRATO_SECRET_HEADER, type PayloadFormat } from "@/lib/webhooks/formats/formats";

/** What only a push endpoint has (a polling one is read through its feed, in the standard format). */
const PUSH_ONLY = ["url", "headers", "retry_policy", "ordering", "payload_format", "redact_personal", "cobrato_secret"] as const;

/** API field names → columns (undefined fields are left as they are on update). */
function columns(input: UpdateEndpointInput) {
  return {
    url: input.url,
    description: input.description,
    eventTypes: input.event_types,
    cnpjs: input.cnpjs,
    headers: input.headers && sealHeaders(input.headers),
    retryPolicy: input.retry_policy,
    enabled: input.enabled,
    environment: input.environment,
    ordering: input.ordering,
    payloadFormat: input.payload_format,
    redactPersonal: input.redact_personal,
  };
}

/**
 * Cobrato's secret goes on every request as a custom header (sealed at rest, masked in the log):
 * `headers` with it set, or as they were when none is given. A Cobrato endpoint must have one.
 */
function withCobratoSecret(
  headers: Record<string, string>,
  input: Pick<UpdateEndpointInput, "cobrato_secret" | "cobrato_secret_header">,
  format: string,
): Record<string, string> {
  const name = input.cobrato_secret_header ?? COBRATO_SECRET_HEADER;
  if (input.cobrato_secret !== undefined) {
    const others = Object.entries(headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase());
    return { ...Object.fromEntries(others), [name]: input.cobrato_secret };
  }
  const has = Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
  if (format === "cobrato" && !has) throw new Invalid({ cobrato_secret: [fieldIssue("blank")] });
  return headers;
}

/** The organization's webhooks, oldest first; of one environment when it is given. */
export function listEndpoints(organizationId: string, environment?: Environment | null) {
  return prisma.endpoint.findMany({
    where: { organizationId, deletedAt: null, ...(environment ? { environment } : {}) },
    orderBy: { createdAt: "asc" },
  });
}

const URL_REFUSALS: Record<UrlRefusalCode, FieldErrorCode> = {
  invalid_url: "url.invalid",
  scheme: "url.scheme",
  userinfo: "url.userinfo",
  too_long: "too_long",
  dns: "url.dns",
  blocked: "url.blocked",
};

/** The URL policy at save time (the connect-time check is in lib/webhooks/outbound/deliver.ts). */
export async function assertUrlAllowed(url: string, field = "url"): Promise<void> {
  const check = await checkUrl(url, { allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_URLS });
  if (check.ok) return;
  const code = URL_REFUSALS[check.code];
  throw new Invalid({ [field]: [{ code, message: check.message }] }, code === "url.blocked" ? "url.blocked" : "invalid");
}

/** A failed test ping answers 422 with `errors.url` and the ping's details, so the form can show why. */
function pingFailed(ping: PingOutcome): Invalid {
  return new Invalid({ url: [{ code: "url.ping_failed", message: describeFailure(ping.result) }] }, "url.ping_failed", {
    ping: serializePing(ping),
  });
}

/**
 * 422 once the organization has MAX_ENDPOINTS_PER_ORG webhooks (`db` inside the creating transaction
 * to be exact). A deleted one (kept for its log) frees its place.
 */
async function assertEndpointQuota(organizationId: string, db: Pick<typeof prisma, "endpoint"> = prisma): Promise<void> {
  const count = await db.endpoint.count({ where: { organizationId, deletedAt: null } });
  if (count < env.MAX_ENDPOINTS_PER_ORG) return;
  const message = `your organization has ${count} webhooks, the most it may have (MAX_ENDPOINTS_PER_ORG): delete one first`;
  throw new Invalid({ base: [{ code: "quota.exceeded", message }] }, "quota.exceeded", { limit: env.MAX_ENDPOINTS_PER_ORG });
}

export async function createEndpoint(organizationId: string, input: CreateEndpointInput) {
  await assertEndpointQuota(organizationId); // before the test request: no ping for an endpoint that cannot be saved
  await assertUrlAllowed(input.url);
  const headers = withCobratoSecret(input.headers, input, input.payload_format);
  const secret = generateSecret();
  if (!input.skip_verification) {
    const ping = await sendPing({ organizationId, url: input.url, headers, secrets: [secret], format: input.payload_format });
    if (!ping.result.ok) throw pingFailed(ping);
  }
  const endpoint = await insertEndpoint(organizationId, secret, {
    ...columns({ ...input, headers }),
    url: input.url,
    enabled: input.enabled,
  });
  return { endpoint, secret };
}

/** Inserts under the organization's lock, the quota checked again inside it (two saves at once cannot both pass). */
function insertEndpoint(
  organizationId: string,
  secret: string,
  data: Omit<Prisma.EndpointUncheckedCreateInput, "organizationId" | "secretCiphertext"> & { enabled: boolean },
) {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('endpoints:' || ${organizationId}))`;
    await assertEndpointQuota(organizationId, tx);
    return tx.endpoint.create({
      data: {
        ...data,
        organizationId,
        disabledAt: data.enabled ? null : new Date(),
        disabledReason: data.enabled ? null : "manual",
        secretCiphertext: encrypt(secret),
      },
    });
  });
}

/** A polling endpoint (no URL, no test request): same filters, secret and log as any endpoint. */
export async function createPollingEndpoint(organizationId: string, input: CreatePollingEndpointInput) {
  await assertEndpointQuota(organizationId);
  const secret = generateSecret();
  const endpoint = await insertEndpoint(organizationId, secret, {
    kind: "polling",
    url: "",
    description: input.description,
    eventTypes: input.event_types,
    cnpjs: input.cnpjs,
    enabled: input.enabled,
    environment: input.environment,
  });
  return { endpoint, secret };
}

/** POST …/webhooks: `kind` says which body it is (a push endpoint's URL is tested first; a polling one has none). */
export function createEndpointOfKind(organizationId: string, body: EndpointKindInput) {
  // the route layer already refused text PostgreSQL cannot store, in the whole body
  const parse = <S extends z.ZodType>(schema: S): z.output<S> => {
    const parsed = refusingUnknownFields(schema).safeParse(body, CODED);
    if (!parsed.success) throw new Invalid(fieldIssues(parsed.error));
    return parsed.data;
  };
  return body.kind === "polling"
    ? createPollingEndpoint(organizationId, parse(createPollingEndpointSchema))
    : createEndpoint(organizationId, parse(createEndpointSchema));
}

export async function updateEndpoint(organizationId: string, id: string | undefined, input: UpdateEndpointInput) {
  const current = await getEndpoint(organizationId, id);
  if (current.kind === "polling" && PUSH_ONLY.some((name) => input[name] !== undefined)) {
    const field = PUSH_ONLY.find((name) => input[name] !== undefined)!;
    throw new Invalid({ [field]: [fieldIssue("url.polling")] });
  }
  const format = input.payload_format ?? current.payloadFormat;
  const formatChanges = input.payload_format !== undefined || input.cobrato_secret !== undefined;
  // a new Cobrato secret (or the switch to Cobrato) is checked against the headers it ends up with
  const headers = formatChanges ? withCobratoSecret(input.headers ?? openHeaders(current.headers), input, format) : input.headers;
  if (input.url !== undefined && input.url !== current.url) {
    await assertUrlAllowed(input.url);
    if (!input.skip_verification) {
      const ping = await sendPing({
        organizationId,
        url: input.url,
        headers: headers ?? openHeaders(current.headers),
        secrets: await secretsOf(current.id),
        format: format as PayloadFormat,
      });
      if (!ping.result.ok) throw pingFailed(ping);
    }
  }
  const enabling = input.enabled === true && !current.enabled;
  const disabling = input.enabled === false && current.enabled;
  // one statement, run again if PostgreSQL picks it to break a lock cycle with the engine (lib/db/retry.ts)
  const updated = await retryDeadlocks(() =>
    prisma.endpoint.update({
      where: { id: current.id },
      data: {
        ...columns({ ...input, headers }),
        // a fresh streak; an endpoint its people were told about stays "told" (level 1, under every
        // threshold) so that its first success announces the recovery (lib/alerts)
        ...(enabling
          ? {
              disabledAt: null,
              disabledReason: null,
              consecutiveFailures: 0,
              failingSince: null,
              alertLevel: Math.min(current.alertLevel, 1),
            }
          : {}),
        ...(disabling ? { disabledAt: new Date(), disabledReason: "manual" } : {}),
      },
    }),
  );
  // what it had waiting stays, paused, until someone delivers or discards it
  if (disabling) await pauseEndpointDeliveries(pool(), [current.id]);
  return updated;
}

/** Soft delete: the log keeps its history; what was still waiting (pending, retrying, paused, waiting) is cancelled. */
export async function deleteEndpoint(organizationId: string, id: string | undefined): Promise<void> {
  const endpoint = await getEndpoint(organizationId, id);
  await retryDeadlocks(() =>
    prisma.$transaction([
      prisma.endpoint.update({ where: { id: endpoint.id }, data: { deletedAt: new Date(), enabled: false } }),
      prisma.delivery.updateMany({
        where: { endpointId: endpoint.id, status: { in: ["pending", "retrying", "paused", "waiting"] } },
        data: { status: "cancelled", nextAttemptAt: null, updatedAt: new Date() },
      }),
    ]),
  );
}
