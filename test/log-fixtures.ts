// Invoices and log rows for the delivery-log tests: events go through the real publisher; rows a test
// needs in a precise state (status, creation time, attempts with known durations) are written directly.
import { cnpjCheckDigits } from "@/lib/cnpj";
import { pool } from "@/lib/db";
import { getEventType } from "@/lib/webhooks/catalog";
import { publishEvent } from "@/lib/webhooks/engine/publish";
import { createEndpoint } from "@/lib/webhooks/endpoints/store";
import { createEndpointSchema } from "@/lib/webhooks/endpoints/schemas";

/** A CNPJ with valid check digits from a small number: cnpjFor(7) = "00000007000191"-like. */
export function cnpjFor(n: number): string {
  const base = `${String(n).padStart(8, "0")}0001`;
  return base + cnpjCheckDigits(base);
}

/** "12345678000195" → "12.345.678/0001-95" */
export function formatted(cnpj: string): string {
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

/** A 44-digit access key of NF-e `number` of company `cnpj` (layout only; the last digit is not a real DV). */
export function accessKeyFor(cnpj: string, number: number): string {
  const n = String(number).padStart(9, "0");
  return `352611${cnpj}55001${n}1${n.slice(1)}0`;
}

export interface Invoice {
  type?: string;
  number: number;
  cnpj?: string;
}

/** The catalog example of `type` with this invoice's identifiers. */
export function invoiceData({ type = "nfe.authorized", number, cnpj = cnpjFor(1) }: Invoice): Record<string, unknown> {
  const example = getEventType(type)!.example as Record<string, unknown>;
  return { ...example, company_cnpj: cnpj, number: String(number), access_key: accessKeyFor(cnpj, number) };
}

export async function publishInvoice(organizationId: string, invoice: Invoice) {
  const type = invoice.type ?? "nfe.authorized";
  return publishEvent(organizationId, { type, data: invoiceData(invoice) });
}

export async function endpointAt(organizationId: string, url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { endpoint } = await createEndpoint(organizationId, createEndpointSchema.parse({ url, skip_verification: true, ...extra }));
  return endpoint.id;
}

/** A delivery of `eventId` to `endpointId` in the given state, without a job (nothing will send it). */
export async function insertDelivery(row: {
  organizationId: string;
  eventId: string;
  endpointId: string;
  status: string;
  createdAt: Date;
  attempts?: number;
}): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO deliveries (organization_id, event_id, endpoint_id, event_type, company_cnpj, status, attempt_count, created_at, updated_at)
     SELECT $1, ev.id, $3, ev.type, ev.company_cnpj, $4, $5, $6, $6 FROM events ev WHERE ev.id = $2 RETURNING id`,
    [row.organizationId, row.eventId, row.endpointId, row.status, row.attempts ?? 0, row.createdAt],
  );
  return rows[0]!.id;
}

export interface AttemptFixture {
  startedAt: Date;
  durationMs: number;
  status: number | null;
  trigger?: "auto" | "manual" | "recover" | "test";
}

/** Attempts of one delivery as the worker would have logged them (its attempt count follows). */
export async function insertAttempts(deliveryId: string, endpointId: string, attempts: AttemptFixture[]): Promise<void> {
  await pool().query(
    `WITH counted AS (UPDATE deliveries SET attempt_count = greatest(attempt_count, cardinality($3::int[])) WHERE id = $1)
     INSERT INTO attempts (delivery_id, endpoint_id, number, trigger, started_at, duration_ms, request_headers, response_status, error_kind)
     SELECT $1, $2, n, t::"AttemptTrigger", s, d, '{}', st, CASE WHEN st IS NULL THEN 'timeout' WHEN st NOT BETWEEN 200 AND 299 THEN 'http' END
     FROM unnest($3::int[], $4::text[], $5::timestamptz[], $6::int[], $7::int[]) AS a(n, t, s, d, st)`,
    [
      deliveryId,
      endpointId,
      attempts.map((_, i) => i + 1),
      attempts.map((a) => a.trigger ?? "auto"),
      attempts.map((a) => a.startedAt),
      attempts.map((a) => a.durationMs),
      attempts.map((a) => a.status),
    ],
  );
}

/** Polls `check` until it holds or `timeoutMs` passes; fails with `what` if it never does. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
