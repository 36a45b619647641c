// The body every receiver gets: {"type","timestamp","data"}. The timestamp is the event's creation
// time, so every attempt of a delivery carries the same body (and the log need not store it).
export function envelope(type: string, createdAt: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: createdAt.toISOString(), data });
}

/** webhook-id: stable for one event to one endpoint (every retry and resend reuses it). */
export function messageId(deliveryId: string): string {
  return `msg_${deliveryId.replaceAll("-", "")}`;
}
