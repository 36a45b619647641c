// The bytes a delivery's body has in a recorded format ("emites", "standard+redacted"; see
// lib/webhooks/outbound/formats.ts), rebuilt from the stored event: what the log and the replay show.
import "server-only";
import { env } from "@/lib/env";
import { catalogPersonalKeys } from "@/lib/webhooks/catalog/personal";
import { envelopeFromJson } from "@/lib/webhooks/outbound/envelope";
import { PAYLOAD_FORMATS, renderBody, type PayloadFormat } from "@/lib/webhooks/formats/formats";

export interface StoredEventBody {
  type: string;
  createdAt: Date;
  /** the data with its sequence, as PostgreSQL prints it (DATA_SQL) */
  dataJson: string;
  eventId: string;
  environment: string;
}

export function bodyInFormat(recorded: string, event: StoredEventBody): string {
  const [name, flag] = recorded.split("+");
  const format = (PAYLOAD_FORMATS.includes(name as PayloadFormat) ? name : "standard") as PayloadFormat;
  const redacted = flag === "redacted";
  if (format === "standard" && !redacted) return envelopeFromJson(event.type, event.createdAt, event.dataJson);
  const rendered = renderBody(
    format,
    {
      type: event.type,
      createdAt: event.createdAt,
      data: JSON.parse(event.dataJson),
      eventId: event.eventId,
      environment: event.environment,
    },
    { personalKeys: redacted ? catalogPersonalKeys() : undefined, appUrl: env.APP_URL },
  );
  return rendered?.body ?? envelopeFromJson(event.type, event.createdAt, event.dataJson);
}
