import { describe, expect, it } from "vitest";
import { getEventType, validateEventData } from "@/lib/webhooks/catalog";

// The NF-e document the benchmark publishes (shared/bench/lib/payload.ts): made-up CNPJs and an access key
// with a wrong check digit, plus its own `bench_t` key.
const benchDocument = {
  bench_t: 1795471924410.25,
  ref: "bench-42",
  status: "autorizado",
  status_sefaz: "100",
  mensagem_sefaz: "Autorizado o uso da NF-e",
  company_cnpj: "12345678000199",
  access_key: "35260712345678000199550010000000421000000420",
  series: "1",
  number: "42",
  model: "55",
  issued_at: "2026-07-01T12:00:00-03:00",
  protocol: "135260000000042",
  recipient: { cnpj: "98765432000188", name: "Comercio de Exemplo Ltda", uf: "SP", city: "Sao Paulo" },
  totals: { products: "1520.00", freight: "35.90", discount: "0.00", icms: "273.60", total: "1555.90" },
  items: [1, 2].map((n) => ({
    n,
    code: `SKU-${n}00${n}`,
    description: `Produto de exemplo ${n}`,
    ncm: "84713012",
    cfop: "5102",
    qty: "2.0000",
    unit_price: "253.3333",
    total: "506.67",
  })),
  xml_url: "https://api.example.com/v2/nfe/bench-42.xml",
  danfe_url: "https://api.example.com/v2/nfe/bench-42.pdf",
};

const authorizedExample = getEventType("nfe.authorized")!.example;

describe("validateEventData", () => {
  it("accepts the benchmark's document and keeps its extra keys", () => {
    const result = validateEventData("nfe.authorized", benchDocument);
    expect(result).toEqual({ ok: true, data: benchDocument });
  });

  it("rejects a 43-digit access key and names the field", () => {
    const result = validateEventData("nfe.authorized", { ...authorizedExample, access_key: "3526111234567800019555001000004242110293847" });
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.issues)).toEqual(["data.access_key"]);
  });

  it("accepts series and number as integers", () => {
    expect(validateEventData("nfe.authorized", { ...authorizedExample, series: 1, number: 4242 }).ok).toBe(true);
  });

  it("reports every missing identifier and nested paths", () => {
    const { company_cnpj: _cnpj, status: _status, ...rest } = authorizedExample;
    const result = validateEventData("nfe.authorized", { ...rest, series: "1A", items: [{ cfop: "51020" }] });
    expect(!result.ok && Object.keys(result.issues).sort()).toEqual([
      "data.company_cnpj",
      "data.items.0.cfop",
      "data.series",
      "data.status",
    ]);
  });

  it("requires errors on a rejection, as strings or {code, message}", () => {
    const { errors: _errors, ...withoutErrors } = getEventType("nfe.rejected")!.example;
    expect(validateEventData("nfe.rejected", withoutErrors)).toMatchObject({ ok: false, issues: { "data.errors": expect.any(Array) } });
    expect(validateEventData("nfe.rejected", { ...withoutErrors, errors: [] }).ok).toBe(false);
    expect(validateEventData("nfe.rejected", { ...withoutErrors, errors: ["215 - Rejeição: Falha no schema XML"] }).ok).toBe(true);
    expect(
      validateEventData("nfe.rejected", { ...withoutErrors, errors: [{ code: 215, message: "Rejeição: Falha no schema XML" }] }).ok,
    ).toBe(true);
  });

  it("holds a cancellation justification to SEFAZ's 15 characters", () => {
    const example = getEventType("nfe.cancelled")!.example;
    const cancellation = { justification: "Erro", protocol: "135260001239876" };
    expect(validateEventData("nfe.cancelled", { ...example, cancellation })).toEqual({
      ok: false,
      issues: {
        "data.cancellation.justification": [{ code: "justification.length", message: "must be a justification of 15 to 255 characters" }],
      },
    });
  });

  it("accepts Emites' rejected disablement as sent, plus the company", () => {
    const emites = {
      object_type: "None",
      object_id: "",
      organization_id: 1,
      event: "disablement_rejected",
      uf: "35",
      serie: "0",
      numero: "98080986123",
      errors: ["215 - Rejeição: Falha no schema XML"],
    };
    expect(validateEventData("nfe.disablement_rejected", { ...emites, company_cnpj: "12345678000195" })).toEqual({
      ok: true,
      data: { ...emites, company_cnpj: "12345678000195" },
    });
    expect(validateEventData("nfe.disablement_rejected", emites)).toMatchObject({
      ok: false,
      issues: { "data.company_cnpj": expect.any(Array) },
    });
  });

  it("requires the number and verification code of an issued NFS-e", () => {
    const { verification_code: _code, ...example } = getEventType("nfse.authorized")!.example;
    expect(validateEventData("nfse.authorized", example)).toMatchObject({
      ok: false,
      issues: { "data.verification_code": expect.any(Array) },
    });
    expect(validateEventData("nfse.processing", getEventType("nfse.processing")!.example).ok).toBe(true);
  });

  it("refuses a document link that is not http(s), since the dashboard renders it", () => {
    const result = validateEventData("nfe.authorized", { ...authorizedExample, danfe_url: "javascript:alert(1)" });
    expect(result).toMatchObject({ ok: false, issues: { "data.danfe_url": expect.any(Array) } });
  });

  it("accepts Cobrato's test body and nothing but test: true", () => {
    expect(validateEventData("webhook.test", { test: true })).toEqual({ ok: true, data: { test: true } });
    expect(validateEventData("webhook.test", { test: false }).ok).toBe(false);
  });

  it("answers for data that is not an object and for an unknown type", () => {
    expect(validateEventData("nfe.authorized", [authorizedExample])).toMatchObject({ ok: false, issues: { data: expect.any(Array) } });
    expect(validateEventData("nfe.approved", authorizedExample)).toMatchObject({ ok: false, issues: { type: expect.any(Array) } });
  });
});
