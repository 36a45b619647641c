// The test request (`webhook.test`): sent when an endpoint is saved and from "Enviar teste".
import { Conflict } from "@/lib/errors";
import { openHeaders } from "@/lib/webhooks/endpoints/sealed-headers";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { pingsInFlight } from "@/lib/rate-limit";
import type { DeliverResult } from "@/lib/webhooks/outbound/deliver";
import { formatHeaders, pingBody, type PayloadFormat } from "@/lib/webhooks/formats/formats";
import { sendSigned } from "@/lib/webhooks/outbound/send-signed";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { secretsOf } from "@/lib/webhooks/endpoints/secrets";

export interface PingTarget {
  /** whose ping it is: MAX_PINGS_IN_FLIGHT_PER_ORG apply */
  organizationId: string;
  url: string;
  headers: Record<string, string>;
  secrets: string[];
  endpointId?: string;
  /** the endpoint's payload format: Cobrato's test request is {"test": true} */
  format?: PayloadFormat;
}

export interface PingOutcome {
  msgId: string;
  startedAt: Date;
  body: string;
  result: DeliverResult;
}

export async function sendPing(target: PingTarget): Promise<PingOutcome> {
  const msgId = `msg_test_${randomUUID().replaceAll("-", "")}`;
  const format = target.format ?? "standard";
  const body = pingBody(format, target.endpointId);
  const headers = { ...formatHeaders(format), ...target.headers };
  const { startedAt, result } = await pingsInFlight.run(target.organizationId, () =>
    sendSigned({ url: target.url, body, msgId, secrets: target.secrets, headers }),
  );
  return { msgId, startedAt, body, result };
}

/** One line a person can act on, for `errors.url` when the test request fails. */
export function describeFailure(result: DeliverResult): string {
  const excerpt = result.responseBody.trim().slice(0, 200);
  switch (result.errorKind) {
    case "redirect":
      return `the test request was answered with a redirect (HTTP ${result.statusCode}); redirects are not followed`;
    case "http":
      return `the test request was answered with HTTP ${result.statusCode}${excerpt ? `: ${excerpt}` : ""} (expected 2xx)`;
    case "timeout":
      return `the test request got no answer within ${env.WEBHOOK_TIMEOUT_MS / 1000} s`;
    case "connect":
      return `could not connect for the test request: ${result.errorMessage ?? "connection refused"}`;
    case "dns":
      return `the host name could not be resolved: ${result.errorMessage ?? "DNS failure"}`;
    case "tls":
      return `TLS failed on the test request: ${result.errorMessage ?? "certificate error"}`;
    case "blocked":
      return result.errorMessage ?? "the address is not allowed (private or local network)";
    default:
      return result.errorMessage ?? "the test request failed";
  }
}

export function serializePing(outcome: PingOutcome) {
  const r = outcome.result;
  return {
    ok: r.ok,
    status_code: r.statusCode ?? null,
    error: r.errorKind && r.errorKind !== "http" ? r.errorKind : null,
    error_kind: r.errorKind ?? null,
    /** the system's code of a network failure (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…), for the dashboard's words */
    error_code: r.errorCode ?? null,
    message: r.ok ? null : describeFailure(r),
    duration_ms: r.durationMs,
    request: { headers: r.requestHeaders, body: outcome.body },
    response: { headers: r.responseHeaders, body: r.responseBody, body_truncated: r.responseBodyTruncated },
    sent_at: outcome.startedAt.toISOString(),
  };
}

/** "Enviar teste": signs with the endpoint's secrets and its custom headers, returns what happened. */
export async function pingEndpoint(organizationId: string, id: string | undefined) {
  const endpoint = await getEndpoint(organizationId, id);
  if (endpoint.kind === "polling") throw new Conflict("a polling webhook has no URL to test: read its feed");
  const ping = await sendPing({
    organizationId,
    url: endpoint.url,
    headers: openHeaders(endpoint.headers),
    secrets: await secretsOf(endpoint.id),
    endpointId: endpoint.id,
    format: endpoint.payloadFormat as PayloadFormat,
  });
  return serializePing(ping);
}
