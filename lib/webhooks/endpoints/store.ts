// Endpoints of an organization: create (policy check + test ping), read, update, delete, secrets.
// Every query is scoped by organization: another organization's id is simply not found.
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { Invalid, NotFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { decrypt, encrypt } from "@/lib/crypto/secret-box";
import { generateSecret } from "@/lib/webhooks/outbound/signing";
import { checkUrl, type UrlRefusalCode } from "@/lib/webhooks/outbound/url-policy";
import type { FieldErrorCode } from "@/lib/validation";
import { describeFailure, sendPing, serializePing, type PingOutcome } from "@/lib/webhooks/endpoints/ping";
import type { CreateEndpointInput, UpdateEndpointInput } from "@/lib/webhooks/endpoints/schemas";

export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

const live = (organizationId: string, id: string) => ({ id, organizationId, deletedAt: null });

/** API field names → columns (undefined fields are left as they are on update). */
function columns(input: UpdateEndpointInput) {
  return {
    url: input.url,
    description: input.description,
    eventTypes: input.event_types,
    cnpjs: input.cnpjs,
    headers: input.headers,
    retryPolicy: input.retry_policy,
    enabled: input.enabled,
  };
}

export function listEndpoints(organizationId: string) {
  return prisma.endpoint.findMany({ where: { organizationId, deletedAt: null }, orderBy: { createdAt: "asc" } });
}

export async function getEndpoint(organizationId: string, id: string | undefined) {
  if (!isUuid(id)) throw new NotFound("webhook not found");
  const endpoint = await prisma.endpoint.findFirst({ where: live(organizationId, id) });
  if (!endpoint) throw new NotFound("webhook not found");
  return endpoint;
}

const URL_REFUSALS: Record<UrlRefusalCode, FieldErrorCode> = {
  invalid_url: "url.invalid",
  scheme: "url.scheme",
  userinfo: "url.userinfo",
  too_long: "too_long",
  dns: "url.dns",
  blocked: "url.blocked",
};

async function assertUrlAllowed(url: string): Promise<void> {
  const check = await checkUrl(url, { allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_URLS });
  if (check.ok) return;
  const code = URL_REFUSALS[check.code];
  throw new Invalid({ url: [{ code, message: check.message }] }, code === "url.blocked" ? "url.blocked" : "invalid");
}

/** A failed test ping answers 422 with `errors.url` and the ping's details, so the form can show why. */
function pingFailed(ping: PingOutcome): Invalid {
  return new Invalid({ url: [{ code: "url.ping_failed", message: describeFailure(ping.result) }] }, "url.ping_failed", {
    ping: serializePing(ping),
  });
}

export async function createEndpoint(organizationId: string, input: CreateEndpointInput) {
  await assertUrlAllowed(input.url);
  const secret = generateSecret();
  if (!input.skip_verification) {
    const ping = await sendPing({ url: input.url, headers: input.headers, secrets: [secret] });
    if (!ping.result.ok) throw pingFailed(ping);
  }
  const endpoint = await prisma.endpoint.create({
    data: {
      organizationId,
      ...columns(input),
      url: input.url,
      disabledAt: input.enabled ? null : new Date(),
      disabledReason: input.enabled ? null : "manual",
      secretCiphertext: encrypt(secret),
    },
  });
  return { endpoint, secret };
}

export async function updateEndpoint(organizationId: string, id: string | undefined, input: UpdateEndpointInput) {
  const current = await getEndpoint(organizationId, id);
  if (input.url !== undefined && input.url !== current.url) {
    await assertUrlAllowed(input.url);
    if (!input.skip_verification) {
      const ping = await sendPing({
        url: input.url,
        headers: input.headers ?? (current.headers as Record<string, string>),
        secrets: await secretsOf(current.id),
      });
      if (!ping.result.ok) throw pingFailed(ping);
    }
  }
  const enabling = input.enabled === true && !current.enabled;
  const disabling = input.enabled === false && current.enabled;
  return prisma.endpoint.update({
    where: { id: current.id },
    data: {
      ...columns(input),
      ...(enabling ? { disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null } : {}),
      ...(disabling ? { disabledAt: new Date(), disabledReason: "manual" } : {}),
    },
  });
}

/** Soft delete: the log keeps its history; pending retries are cancelled and never sent. */
export async function deleteEndpoint(organizationId: string, id: string | undefined): Promise<void> {
  const endpoint = await getEndpoint(organizationId, id);
  await prisma.$transaction([
    prisma.endpoint.update({ where: { id: endpoint.id }, data: { deletedAt: new Date(), enabled: false } }),
    prisma.delivery.updateMany({
      where: { endpointId: endpoint.id, status: { in: ["pending", "retrying"] } },
      data: { status: "cancelled", nextAttemptAt: null, updatedAt: new Date() },
    }),
  ]);
}

async function secretRow(id: string) {
  return prisma.endpoint.findUniqueOrThrow({
    where: { id },
    select: { secretCiphertext: true, previousSecretCiphertext: true, previousSecretExpiresAt: true },
  });
}

/** Current secret first, then the previous one while its 24 h overlap lasts. */
export async function secretsOf(id: string, now = new Date()): Promise<string[]> {
  const row = await secretRow(id);
  const previous =
    row.previousSecretCiphertext && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
      ? [decrypt(row.previousSecretCiphertext)]
      : [];
  return [decrypt(row.secretCiphertext), ...previous];
}

export async function revealSecret(organizationId: string, id: string | undefined, now = new Date()) {
  const endpoint = await getEndpoint(organizationId, id);
  const row = await secretRow(endpoint.id);
  const previousValid = row.previousSecretCiphertext && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now;
  return {
    secret: decrypt(row.secretCiphertext),
    previous_secret: previousValid ? decrypt(row.previousSecretCiphertext!) : null,
    previous_secret_expires_at: previousValid ? row.previousSecretExpiresAt!.toISOString() : null,
  };
}

export async function rotateSecret(organizationId: string, id: string | undefined, now = new Date()) {
  const endpoint = await getEndpoint(organizationId, id);
  const row = await secretRow(endpoint.id);
  const secret = generateSecret();
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await prisma.endpoint.update({
    where: { id: endpoint.id },
    data: { secretCiphertext: encrypt(secret), previousSecretCiphertext: row.secretCiphertext, previousSecretExpiresAt: expiresAt },
  });
  return { secret, previous_secret_expires_at: expiresAt.toISOString() };
}

/** "Enviar teste": signs with the endpoint's secrets and its custom headers, returns what happened. */
export async function pingEndpoint(organizationId: string, id: string | undefined) {
  const endpoint = await getEndpoint(organizationId, id);
  const ping = await sendPing({
    url: endpoint.url,
    headers: endpoint.headers as Record<string, string>,
    secrets: await secretsOf(endpoint.id),
    endpointId: endpoint.id,
  });
  return serializePing(ping);
}
