// The body every receiver gets: {"type","timestamp","data"}. The timestamp is the event's creation
// time, so every attempt of a delivery carries the same body (and the log need not store it).
export function envelope(type: string, createdAt: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: createdAt.toISOString(), data });
}

/** webhook-id: stable for one event to one endpoint (every retry and resend reuses it). */
export function messageId(deliveryId: string): string {
  return `msg_${deliveryId.replaceAll("-", "")}`;
}

/** The same envelope around `data` already serialized (as PostgreSQL returns jsonb text): the bytes
 * the worker sends and the log shows are built here, once. */
export function envelopeFromJson(type: string, createdAt: Date, dataJson: string): string {
  return `{"type":${JSON.stringify(type)},"timestamp":${JSON.stringify(createdAt.toISOString())},"data":${dataJson}}`;
}
