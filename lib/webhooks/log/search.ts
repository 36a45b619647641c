// What a search box text means in this domain: an access key (44 digits), a CNPJ, an invoice number,
// an event id (UUID) or a webhook-id (msg_…).
import { looksLikeUuid } from "@/lib/ids";
import { normalizeCnpj } from "@/lib/cnpj";

export type SearchTerm =
  | { kind: "access_key"; value: string }
  | { kind: "cnpj"; value: string }
  | { kind: "number"; value: string }
  | { kind: "event_id"; value: string }
  | { kind: "delivery_id"; value: string }
  | { kind: "none" }
  | { kind: "unknown" };

export function classifySearch(raw: string | undefined): SearchTerm {
  const q = raw?.trim() ?? "";
  if (!q) return { kind: "none" };
  if (looksLikeUuid(q)) return { kind: "event_id", value: q.toLowerCase() };
  const msg = /^msg_([0-9a-f]{32})$/i.exec(q);
  if (msg) {
    const h = msg[1]!.toLowerCase();
    return { kind: "delivery_id", value: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
  }
  const compact = q.replace(/[\s.\-/]/g, "");
  if (/^\d{44}$/.test(compact)) return { kind: "access_key", value: compact };
  // alphanumeric CNPJs (from July 2026) are stored and sent bare, so they are searched bare too
  if (/^[0-9A-Za-z]{12}\d{2}$/.test(compact)) return { kind: "cnpj", value: normalizeCnpj(compact) };
  if (/^\d{1,20}$/.test(compact)) return { kind: "number", value: compact };
  return { kind: "unknown" };
}
