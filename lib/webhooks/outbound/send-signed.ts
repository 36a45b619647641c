// Sign-then-send: every request to a receiver (deliveries, resends, the test ping) is signed for the
// moment it leaves (webhook-timestamp) with the endpoint's active secrets, then sent once.
import { env } from "@/lib/env";
import { deliver, type DeliverResult } from "@/lib/webhooks/outbound/deliver";
import { webhookHeaders } from "@/lib/webhooks/outbound/signing";

export interface SignedRequest {
  url: string;
  body: string;
  /** webhook-id */
  msgId: string;
  /** current secret first, then one being rotated out */
  secrets: readonly string[];
  /** the endpoint's custom headers */
  headers: Record<string, string>;
}

export interface SentRequest {
  startedAt: Date;
  result: DeliverResult;
}

export async function sendSigned(request: SignedRequest): Promise<SentRequest> {
  const startedAt = new Date();
  const { msgId, body, secrets } = request;
  const signed = webhookHeaders({ msgId, timestampSeconds: Math.floor(startedAt.getTime() / 1000), body, secrets });
  const result = await deliver({
    url: request.url,
    body,
    headers: { ...request.headers, ...signed },
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    connectTimeoutMs: env.WEBHOOK_CONNECT_TIMEOUT_MS,
    allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_URLS,
  });
  return { startedAt, result };
}
