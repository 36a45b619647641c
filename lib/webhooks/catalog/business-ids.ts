import { normalizeCnpj } from "@/lib/cnpj";

/** What the delivery log is searched by. Missing or unreadable identifiers are left undefined. */
export interface BusinessIds {
  companyCnpj?: string;
  accessKey?: string;
  series?: string;
  number?: string;
  status?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or a non-negative integer as its decimal string. */
function identifier(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function companyCnpj(value: unknown): string | undefined {
  const raw = identifier(value);
  if (raw === undefined) return undefined;
  // A CNPJ sent as a JSON number has lost its leading zeros.
  return typeof value === "number" ? raw.padStart(14, "0") : normalizeCnpj(raw) || undefined;
}

/**
 * Reads the business identifiers of any event's data, whatever its type and even when it fails its schema:
 * `company_cnpj`, `access_key` (spaces removed, as printed on a DANFE), `series`/`number` or Emites' flat
 * `serie`/`numero`, and `status`.
 */
export function extractBusinessIds(data: unknown): BusinessIds {
  if (!isRecord(data)) return {};
  return {
    companyCnpj: companyCnpj(data.company_cnpj),
    accessKey: identifier(data.access_key)?.replace(/\s+/g, ""),
    series: identifier(data.series) ?? identifier(data.serie),
    number: identifier(data.number) ?? identifier(data.numero),
    status: identifier(data.status),
  };
}
