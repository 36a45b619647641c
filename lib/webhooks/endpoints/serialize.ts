// REST shapes of endpoints (snake_case, Cobrato-style `_links`). Secrets are never part of these.
import { openHeaders } from "@/lib/webhooks/endpoints/sealed-headers";
import type { Endpoint } from "@/lib/generated/prisma/client";
import type { PayloadFormat } from "@/lib/webhooks/formats/formats";

export type EndpointRow = Omit<Endpoint, "secretCiphertext" | "previousSecretCiphertext">;

export function endpointLinks(id: string) {
  const href = `/api/v1/webhooks/${id}`;
  return [
    { rel: "self", method: "GET", href },
    { rel: "update", method: "PATCH", href },
    { rel: "destroy", method: "DELETE", href },
    { rel: "ping", method: "POST", href: `${href}/ping` },
    { rel: "deliveries", method: "GET", href: `${href}/deliveries` },
    { rel: "feed", method: "GET", href: `${href}/feed` },
  ];
}

function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, "••••••"]));
}

/** `revealHeaders`: custom header values often carry credentials; only admins see them, on one endpoint. */
export function serializeEndpoint(e: EndpointRow, opts: { revealHeaders?: boolean } = {}) {
  const headers = opts.revealHeaders ? openHeaders(e.headers) : ((e.headers ?? {}) as Record<string, string>);
  return {
    id: e.id,
    /** push: we POST here; polling: none (the receiver reads the feed) */
    kind: e.kind as "push" | "polling",
    url: e.kind === "polling" ? null : e.url,
    description: e.description,
    event_types: e.eventTypes,
    cnpjs: e.cnpjs,
    headers: opts.revealHeaders ? headers : maskHeaders(headers),
    retry_policy: e.retryPolicy,
    /** producao or homologacao: it gets only the events of its environment */
    environment: e.environment as "producao" | "homologacao",
    /** none, or per_invoice: one invoice's deliveries strictly in sequence order */
    ordering: e.ordering as "none" | "per_invoice",
    /** the body it gets (lib/webhooks/outbound/formats.ts) */
    payload_format: e.payloadFormat as PayloadFormat,
    /** "Ocultar dados pessoais" */
    redact_personal: e.redactPersonal,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    disabled_at: e.disabledAt?.toISOString() ?? null,
    consecutive_failures: e.consecutiveFailures,
    failing_since: e.failingSince?.toISOString() ?? null,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
    _links: endpointLinks(e.id),
  };
}

export type EndpointJson = ReturnType<typeof serializeEndpoint>;
