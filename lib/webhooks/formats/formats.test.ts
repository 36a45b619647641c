// The payload formats of the five source APIs. Each seed receiver below is written from its seed
// document alone (shared/seeds: field names and types as the document shows them), never from the
// code under test; every catalog event a format can express must parse. Golden files hold one body
// per format and event type (UPDATE_GOLDEN=1 rewrites them after a deliberate change). Personal data:
// the test walks the schemas for every field marked personal and checks redaction removes each one
// from every example, and that thin bodies carry none.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eventTypes } from "@/lib/webhooks/catalog";
import { catalogPersonalKeys, personalPaths } from "@/lib/webhooks/catalog/personal";
import { canExpress, inexpressible, PAYLOAD_FORMATS, pingBody, renderBody, type PayloadFormat } from "@/lib/webhooks/formats/formats";

const CREATED_AT = new Date("2026-11-12T13:15:04.000Z");
const sendable = eventTypes.filter((t) => t.name !== "webhook.test");

/** The catalog example of a type, as a delivery carries it (with its sequence). */
function eventOf(type: string, data: Record<string, unknown> = eventTypes.find((t) => t.name === type)!.example) {
  return {
    type,
    createdAt: CREATED_AT,
    data: { ...data, sequence: 2 },
    eventId: "0193a0b0-0000-7000-8000-000000000001",
    environment: "homologacao",
  };
}

function bodyOf(format: PayloadFormat, type: string, personalKeys?: ReadonlySet<string>): unknown {
  const rendered = renderBody(format, eventOf(type), { personalKeys, appUrl: "https://webhooks.example.com" });
  return rendered && JSON.parse(rendered.body);
}

// ---------- receivers written from the seed documents ----------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Focus (seed 000): "Este POST contém as mesmas informações que a consulta da nota fiscal… 1 nota." */
function focusReceiver(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new Error("Focus posts one invoice, a JSON object");
  if ("event" in body && isObject(body.event)) throw new Error("not wrapped in an event");
  if ("type" in body && "data" in body) throw new Error("not wrapped in an envelope");
  return body;
}

/** Fast Notas (seed 001): {"event": {"type", "created_at", "data": {<document|operation|asset>: {…}}}}. */
const FAST_NOTAS_TABLE: Record<string, string> = {
  document_processing: "document",
  document_waiting: "document",
  document_success: "document",
  document_canceled: "document",
  document_error: "document",
  document_rejected: "document",
  operation_processing: "operation",
  operation_waiting: "operation",
  operation_success: "operation",
  operation_error: "operation",
  operation_rejected: "operation",
  asset_avaliable: "asset",
};
function fastNotasReceiver(body: unknown): { type: string; data: Record<string, unknown> } {
  if (!isObject(body) || !isObject(body.event)) throw new Error("no event object");
  const { type, created_at, data } = body.event;
  if (typeof type !== "string" || !(type in FAST_NOTAS_TABLE)) throw new Error(`unknown type ${String(type)}`);
  if (typeof created_at !== "string" || Number.isNaN(Date.parse(created_at))) throw new Error("created_at is not a date");
  if (!isObject(data) || !isObject(data[FAST_NOTAS_TABLE[type]!])) throw new Error(`data.${FAST_NOTAS_TABLE[type]} missing`);
  return { type, data };
}

/** Emites (seed 002): object_type, object_id (a number), organization_id (a number), event; the rejected disablement adds uf, serie, numero, errors. */
function emitesReceiver(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new Error("not an object");
  const events = ["sent", "processed", "succeeded", "rejected", "cancelled", "cancel_rejected", "disablement_rejected"];
  if (typeof body.event !== "string" || !events.includes(body.event)) throw new Error(`unknown event ${String(body.event)}`);
  if (typeof body.organization_id !== "number") throw new Error("organization_id is a number");
  if (body.event === "disablement_rejected") {
    if (body.object_type !== "None" || body.object_id !== "") throw new Error("a disablement has no object");
    for (const field of ["uf", "serie", "numero"]) if (typeof body[field] !== "string") throw new Error(`${field} is a string`);
    if (!Array.isArray(body.errors) || !body.errors.every((e) => typeof e === "string")) throw new Error("errors are strings");
  } else {
    if (!["NFe", "NFeBatch", "NFCe", "NFCeBatch"].includes(body.object_type as string)) throw new Error("unknown object_type");
    if (typeof body.object_id !== "number") throw new Error("object_id is a number");
  }
  return body;
}

/** NFE.io (seed 004): "o Sistema do Cliente recebe a nota fiscal" — the invoice, with the action (emitida, erro, falha). */
function nfeioReceiver(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new Error("not an object");
  if (!["issued", "error", "failure"].includes(body.event as string)) throw new Error(`unknown event ${String(body.event)}`);
  return body;
}

describe("each source format", () => {
  it("parses, with a receiver written from its seed alone, every catalog event the format can express", () => {
    const receivers: Partial<Record<PayloadFormat, (body: unknown) => unknown>> = {
      focus: focusReceiver,
      fast_notas: fastNotasReceiver,
      emites: emitesReceiver,
      nfeio: nfeioReceiver,
    };
    for (const [format, receive] of Object.entries(receivers)) {
      const expressed = sendable.filter((t) => canExpress(format as PayloadFormat, t.name));
      expect(expressed.length, format).toBeGreaterThan(0);
      for (const { name } of expressed) expect(() => receive(bodyOf(format as PayloadFormat, name)), `${format} ${name}`).not.toThrow();
    }
  });

  it("expresses what its source sends: Fast Notas' twelve types, Emites' seven events of NF-e and NFC-e, Focus' four triggers, NFE.io's three", () => {
    const names = (format: PayloadFormat) => sendable.filter((t) => canExpress(format, t.name)).map((t) => t.name);
    const fast = new Set(names("fast_notas").map((type) => (bodyOf("fast_notas", type) as { event: { type: string } }).event.type));
    expect([...fast].sort()).toEqual(Object.keys(FAST_NOTAS_TABLE).sort());
    const emites = new Set(names("emites").map((type) => (bodyOf("emites", type) as { event: string }).event));
    expect(emites.size).toBe(7);
    expect(names("emites").some((t) => t.startsWith("nfse."))).toBe(false);
    expect(names("focus")).toEqual(expect.arrayContaining(["nfe.authorized", "nfe.error", "nfe.cancelled", "nfe.correction_letter"]));
    const nfeio = new Set(names("nfeio").map((type) => (bodyOf("nfeio", type) as { event: string }).event));
    expect([...nfeio].sort()).toEqual(["error", "failure", "issued"]);
    // what a format cannot express is named, so the form can say so
    expect(inexpressible("emites", ["nfe.authorized", "nfse.authorized", "operation.succeeded"])).toEqual([
      "nfse.authorized",
      "operation.succeeded",
    ]);
    expect(renderBody("emites", eventOf("nfse.authorized"))).toBeNull();
  });

  it('gives Cobrato its {"test": true} test request and the standard body for events', () => {
    expect(JSON.parse(pingBody("cobrato", "x"))).toEqual({ test: true });
    expect(JSON.parse(pingBody("standard", "x"))).toMatchObject({ type: "webhook.test", data: { test: true, webhook_id: "x" } });
    expect(bodyOf("cobrato", "nfe.authorized")).toEqual(bodyOf("standard", "nfe.authorized"));
  });

  it("matches the golden body of every format and event type", () => {
    const dir = path.resolve(import.meta.dirname, "../../../test/golden/formats");
    if (process.env.UPDATE_GOLDEN) mkdirSync(dir, { recursive: true });
    for (const format of PAYLOAD_FORMATS) {
      const bodies = Object.fromEntries(sendable.flatMap((t) => (canExpress(format, t.name) ? [[t.name, bodyOf(format, t.name)]] : [])));
      const file = path.join(dir, `${format}.json`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, `${JSON.stringify(bodies, null, 2)}\n`);
      expect(existsSync(file), file).toBe(true);
      expect(bodies, format).toEqual(JSON.parse(readFileSync(file, "utf8")));
    }
  });
});

describe("personal data", () => {
  // every example with a recipient carrying every personal field the schemas mark
  const person = {
    cpf: "12345678909",
    email: "maria@exemplo.com.br",
    phone: "+55 11 99999-0000",
    address: { street: "Rua Particular da Maria", number: "777-B" },
  };
  const withPerson = (data: Record<string, unknown>) => ({ ...data, recipient: { ...(data.recipient as object), ...person } });

  it("is marked in the catalog: the recipient's CPF, e-mail, phone and address", () => {
    const paths = new Set(eventTypes.flatMap((t) => personalPaths(t.schema)));
    expect([...paths]).toEqual(expect.arrayContaining(["recipient.cpf", "recipient.email", "recipient.phone", "recipient.address"]));
  });

  it("is removed from every example by redaction, in every format, field by field as the schemas mark it", () => {
    const keys = catalogPersonalKeys();
    for (const definition of sendable) {
      const paths = personalPaths(definition.schema);
      for (const format of PAYLOAD_FORMATS) {
        const data = paths.length ? withPerson(definition.example) : definition.example;
        const rendered = renderBody(format, eventOf(definition.name, data), { personalKeys: keys });
        if (!rendered) continue;
        for (const value of Object.values(person).flatMap((v) => (typeof v === "string" ? [v] : Object.values(v)))) {
          expect(rendered.body, `${format} ${definition.name}`).not.toContain(value);
        }
        for (const p of paths) expect(rendered.body, `${format} ${definition.name} ${p}`).not.toContain(`"${p.split(".").at(-1)}"`);
      }
    }
  });

  it("never reaches a thin body: identifiers, status, environment and a link only", () => {
    for (const definition of sendable.filter((t) => canExpress("thin", t.name))) {
      const body = JSON.parse(renderBody("thin", eventOf(definition.name, withPerson(definition.example)))!.body);
      expect(Object.keys(body)).toEqual(["type", "timestamp", "data"]);
      const allowed = ["access_key", "company_cnpj", "series", "number", "status", "sequence", "environment", "url"];
      expect(
        Object.keys(body.data).every((k) => allowed.includes(k)),
        definition.name,
      ).toBe(true);
      expect(body.data.url).toBe("/api/v1/events/0193a0b0-0000-7000-8000-000000000001");
      expect(JSON.stringify(body)).not.toContain("12345678909");
    }
  });
});
