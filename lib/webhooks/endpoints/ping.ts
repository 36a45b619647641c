// The test request (`webhook.test`): sent when an endpoint is saved and from "Enviar teste".
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { deliver, type DeliverResult } from "@/lib/webhooks/outbound/deliver";
import { envelope } from "@/lib/webhooks/outbound/envelope";
import { webhookHeaders } from "@/lib/webhooks/outbound/signing";

export interface PingTarget {
  url: string;
  headers: Record<string, string>;
  secrets: string[];
  endpointId?: string;
}

export interface PingOutcome {
  msgId: string;
  startedAt: Date;
  body: string;
  result: DeliverResult;
}

export async function sendPing(target: PingTarget): Promise<PingOutcome> {
  const msgId = `msg_test_${randomUUID().replaceAll("-", "")}`;
  const startedAt = new Date();
  const body = envelope("webhook.test", startedAt, { test: true, ...(target.endpointId ? { webhook_id: target.endpointId } : {}) });
  const signed = webhookHeaders({ msgId, timestampSeconds: Math.floor(startedAt.getTime() / 1000), body, secrets: target.secrets });
  const result = await deliver({
    url: target.url,
    body,
    headers: { ...target.headers, ...signed },
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    connectTimeoutMs: env.WEBHOOK_CONNECT_TIMEOUT_MS,
    allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_URLS,
  });
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
    message: r.ok ? null : describeFailure(r),
    duration_ms: r.durationMs,
    request: { headers: r.requestHeaders, body: outcome.body },
    response: { headers: r.responseHeaders, body: r.responseBody, body_truncated: r.responseBodyTruncated },
    sent_at: outcome.startedAt.toISOString(),
  };
}
