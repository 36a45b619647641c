// What SEFAZ answered, as an event carries it: the status code (cStat), its message (xMotivo) and
// the protocol (nProt) — under the catalog's names (`status_sefaz`, `mensagem_sefaz`, `protocol`,
// or in `result` for invoice operations) or SEFAZ's own. Read from the event's data by the log's
// queries, so the log row says "539 – Rejeição: Duplicidade de NF-e…" without opening the payload.

/** SQL columns (sefaz_code, sefaz_message, sefaz_protocol) of the event aliased `ev`. */
export const SEFAZ_COLUMNS = `
  coalesce(ev.data->>'status_sefaz', ev.data->>'cStat', ev.data #>> '{result,status_sefaz}') AS sefaz_code,
  coalesce(ev.data->>'mensagem_sefaz', ev.data->>'xMotivo', ev.data #>> '{result,mensagem_sefaz}') AS sefaz_message,
  coalesce(ev.data->>'protocol', ev.data->>'nProt', ev.data #>> '{result,protocol}') AS sefaz_protocol`;

export interface SefazColumns {
  sefaz_code: string | null;
  sefaz_message: string | null;
  sefaz_protocol: string | null;
}

export interface Sefaz {
  code: string;
  message: string | null;
  protocol: string | null;
}

export function sefazOf(row: SefazColumns): Sefaz | null {
  if (!row.sefaz_code) return null;
  return { code: row.sefaz_code, message: row.sefaz_message, protocol: row.sefaz_protocol };
}

/** The invoice columns the delivery and event logs read with SEFAZ_COLUMNS. */
export interface InvoiceColumns extends SefazColumns {
  company_cnpj: string | null;
  access_key: string | null;
  series: string | null;
  number: string | null;
  sequence: number | null;
}

/** `invoice` of a delivery or an event in the API: its identifiers, place in its sequence and SEFAZ's answer. */
export function invoiceOf(row: InvoiceColumns) {
  return {
    company_cnpj: row.company_cnpj,
    access_key: row.access_key,
    series: row.series,
    number: row.number,
    sequence: row.sequence,
    sefaz: sefazOf(row),
  };
}
