// The body an endpoint gets, in the format it chose (`payload_format`), so a receiver written for
// one of the five source APIs (shared/seeds) keeps working after the move:
//   standard    {"type","timestamp","data"} (the receiver contract in the README)
//   focus       the invoice document itself, as Focus NFe posts its invoice query (seed 000)
//   fast_notas  {"event":{"type":"document_success","created_at","data":{"document":{…}}}} (seed 001)
//   emites      {"object_type","object_id","organization_id","event"} (+ uf, serie, numero, errors) (seed 002)
//   cobrato     the standard body; the test request is {"test": true} and a secret header goes on every request (seed 003)
//   nfeio       the invoice resource with its NFE.io event name: issued, error, failure (seed 004)
//   thin        only identifiers and status, and a link to fetch the event: no personal data at all
// A format that cannot express an event type gets no delivery of it (`canExpress`). The Standard
// Webhooks headers go with every format. Browser-safe: the form previews bodies with it.
import { OPERATIONAL_EVENT_TYPES } from "@/lib/webhooks/catalog/alerts";
import { redact } from "@/lib/webhooks/catalog/personal";

export const PAYLOAD_FORMATS = ["standard", "focus", "fast_notas", "emites", "cobrato", "nfeio", "thin"] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** The header Cobrato's secret goes in unless the endpoint names another (Cobrato's document does not name it). */
export const COBRATO_SECRET_HEADER = "X-Cobrato-Secret";

export interface EventForBody {
  type: string;
  createdAt: Date;
  data: Record<string, unknown>;
  /** for the thin format's link */
  eventId: string;
  environment: string;
}

export interface BodyOptions {
  /** remove these keys everywhere ("Ocultar dados pessoais"); none when absent */
  personalKeys?: ReadonlySet<string>;
  /** the app's public origin, for the thin format's link */
  appUrl?: string;
}

export interface RenderedBody {
  body: string;
}

const DOCUMENT = /^(nfe|nfce|nfse)\.(\w+)$/;

/** Fast Notas' names (their spelling, "asset_avaliable" included). */
const FAST_NOTAS: Record<string, string> = {
  processing: "document_processing",
  waiting: "document_waiting",
  authorized: "document_success",
  cancelled: "document_canceled",
  error: "document_error",
  rejected: "document_rejected",
  "operation.processing": "operation_processing",
  "operation.waiting": "operation_waiting",
  "operation.succeeded": "operation_success",
  "operation.error": "operation_error",
  "operation.rejected": "operation_rejected",
  "asset.available": "asset_avaliable",
};

/** Emites' names; sent, processed and rejected are about the batch (NFeBatch), as its document shows. */
const EMITES: Record<string, { event: string; batch: boolean }> = {
  sent: { event: "sent", batch: true },
  processing: { event: "processed", batch: true },
  authorized: { event: "succeeded", batch: false },
  rejected: { event: "rejected", batch: true },
  cancelled: { event: "cancelled", batch: false },
  cancel_rejected: { event: "cancel_rejected", batch: false },
  disablement_rejected: { event: "disablement_rejected", batch: false },
};

const NFE_IO: Record<string, string> = { authorized: "issued", error: "error", rejected: "failure" };

/** Focus fires on an invoice's success, error, cancellation and correction letter. */
const FOCUS = new Set(["authorized", "error", "rejected", "cancelled", "correction_letter"]);

function documentStage(type: string): { document: string; stage: string } | undefined {
  const match = DOCUMENT.exec(type);
  return match ? { document: match[1]!, stage: match[2]! } : undefined;
}

/** Whether an endpoint in `format` can be sent an event of `type` (if not, it gets no delivery of it). */
export function canExpress(format: PayloadFormat, type: string): boolean {
  const doc = documentStage(type);
  switch (format) {
    case "standard":
    case "cobrato":
      return true;
    case "thin":
      return !OPERATIONAL_EVENT_TYPES.includes(type);
    case "focus":
      return !!doc && FOCUS.has(doc.stage);
    case "fast_notas":
      return (!!doc && doc.stage in FAST_NOTAS) || type in FAST_NOTAS;
    case "emites":
      return !!doc && doc.document !== "nfse" && doc.stage in EMITES;
    case "nfeio":
      return !!doc && doc.stage in NFE_IO;
  }
}

/**
 * SQL true when endpoint `e` can be sent an event of type `typeSql`: the types each format cannot
 * express, spelled out once from the catalog (type names are [a-z._] only).
 */
export function expressibleSql(typeSql: string, allTypes: readonly string[]): string {
  const cases = PAYLOAD_FORMATS.map((format) => [format, allTypes.filter((type) => !canExpress(format, type))] as const)
    .filter(([, types]) => types.length)
    .map(([format, types]) => `WHEN '${format}' THEN '{${types.join(",")}}'::text[]`);
  return `NOT (${typeSql} = ANY (CASE e.payload_format ${cases.join(" ")} ELSE '{}'::text[] END))`;
}

/** The types of `types` an endpoint in `format` would not get (the form names them). */
export function inexpressible(format: PayloadFormat, types: readonly string[]): string[] {
  return types.filter((type) => !canExpress(format, type));
}

/** A number when the value is one (Emites' ids are numbers), else the value. */
function numeric(value: unknown): unknown {
  return typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
}

const thinKeys = ["access_key", "company_cnpj", "series", "number", "status", "sequence"] as const;

/**
 * The body of `event` in `format`, or null when the format cannot express it. Redaction, when asked,
 * is applied to the data before the body is built (and so before it is signed).
 */
export function renderBody(format: PayloadFormat, event: EventForBody, options: BodyOptions = {}): RenderedBody | null {
  if (!canExpress(format, event.type)) return null;
  const data = (options.personalKeys ? redact(event.data, options.personalKeys) : event.data) as Record<string, unknown>;
  const timestamp = event.createdAt.toISOString();
  const doc = documentStage(event.type);
  switch (format) {
    case "standard":
    case "cobrato":
      return { body: JSON.stringify({ type: event.type, timestamp, data }) };
    case "thin": {
      const ids = Object.fromEntries(thinKeys.flatMap((key) => (data[key] === undefined ? [] : [[key, data[key]]])));
      const link = `${options.appUrl ?? ""}/api/v1/events/${event.eventId}`;
      return { body: JSON.stringify({ type: event.type, timestamp, data: { ...ids, environment: event.environment, url: link } }) };
    }
    case "focus":
      return { body: JSON.stringify(data) };
    case "fast_notas": {
      const name = doc ? FAST_NOTAS[doc.stage]! : FAST_NOTAS[event.type]!;
      const kind = doc ? "document" : event.type.startsWith("operation.") ? "operation" : "asset";
      return { body: JSON.stringify({ event: { type: name, created_at: timestamp, data: { [kind]: data } } }) };
    }
    case "emites": {
      const { event: name, batch } = EMITES[doc!.stage]!;
      const objectType = `${doc!.document === "nfce" ? "NFCe" : "NFe"}${batch ? "Batch" : ""}`;
      const organizationId = numeric(data.organization_id) ?? 1;
      if (name === "disablement_rejected") {
        return {
          body: JSON.stringify({
            object_type: "None",
            object_id: "",
            organization_id: organizationId,
            event: name,
            uf: String(data.uf ?? ""),
            serie: String(data.serie ?? data.series ?? ""),
            numero: String(data.numero ?? data.number ?? ""),
            errors: data.errors ?? [],
          }),
        };
      }
      // Emites' object ids are numbers: the first numeric of the document's ids, else its number as sent
      const candidates = [data.object_id, data.id, data.number, data.numero].map(numeric);
      const objectId = candidates.find((c) => typeof c === "number") ?? data.number ?? data.numero ?? "";
      return { body: JSON.stringify({ object_type: objectType, object_id: objectId, organization_id: organizationId, event: name }) };
    }
    case "nfeio":
      return { body: JSON.stringify({ ...data, event: NFE_IO[doc!.stage] }) };
  }
}

/** Headers a format's receivers expect on every request (Fast Notas' Content-Type spelling). */
export function formatHeaders(format: PayloadFormat): Record<string, string> {
  return format === "fast_notas" ? { "content-type": "application/json; charset=UTF-8" } : {};
}

/** The test request's body in `format` (Cobrato's is `{"test": true}`). */
export function pingBody(format: PayloadFormat, endpointId: string | undefined): string {
  if (format === "cobrato") return JSON.stringify({ test: true });
  return JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: { test: true, webhook_id: endpointId } });
}
