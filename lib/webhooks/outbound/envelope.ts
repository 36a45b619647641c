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

/**
 * SQL for the `data` every body carries, as text: the event's data with the invoice's sequence
 * (`d` a delivery, `ev` its event). jsonb prints keys in one fixed order: every attempt, the feed
 * and the log show the same bytes.
 */
export const DATA_SQL = `(CASE WHEN d.sequence IS NULL THEN ev.data ELSE ev.data || jsonb_build_object('sequence', d.sequence) END)::text`;
