import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/event-types/route";
import { eventTypeNames, validateEventData } from "@/lib/webhooks/catalog";
import { apiClient } from "@/test/api-client";

type CatalogEntry = {
  name: string;
  description: { "pt-BR": string; en: string };
  schema: Record<string, unknown>;
  example: Record<string, unknown>;
};

async function catalog(): Promise<CatalogEntry[]> {
  const api = await apiClient("catalogo@empresa.test", "Catálogo LTDA");
  const response = await api.call(GET, "GET", "/api/v1/event-types");
  expect(response.status).toBe(200);
  return response.json.event_types;
}

describe("GET /api/v1/event-types", () => {
  it("lists every catalog type with descriptions in pt-BR and English, a JSON schema and an example", async () => {
    const entries = await catalog();
    expect(entries.map((e) => e.name)).toEqual(eventTypeNames);
    expect(entries.map((e) => e.name)).toEqual(
      expect.arrayContaining(["nfe.authorized", "nfe.rejected", "nfe.cancelled", "nfe.correction_letter", "webhook.test"]),
    );
    for (const entry of entries) {
      expect(entry.description["pt-BR"], entry.name).toMatch(/\S/);
      expect(entry.description.en, entry.name).toMatch(/\S/);
      expect(entry.schema, entry.name).toMatchObject({ type: "object" });
      expect(entry.example, entry.name).toEqual(expect.any(Object));
    }
  });

  it("gives examples that are valid data for their type", async () => {
    const entries = await catalog();
    const authorized = entries.find((e) => e.name === "nfe.authorized")!;
    expect(authorized.example).toMatchObject({ access_key: expect.stringMatching(/^\d{44}$/), company_cnpj: expect.any(String) });
    expect(validateEventData("nfe.authorized", authorized.example)).toMatchObject({ ok: true });
    for (const entry of entries) expect(validateEventData(entry.name, entry.example), entry.name).toMatchObject({ ok: true });
    expect(validateEventData("nfe.authorized", { ...authorized.example, access_key: "123" })).toMatchObject({ ok: false });
  });

  it("shows each example in a payload format with ?format=, and which types the format cannot express", async () => {
    const api = await apiClient("formatos@empresa.test", "Formatos LTDA");
    const emites = await api.call(GET, "GET", "/api/v1/event-types?format=emites");
    expect(emites.status).toBe(200);
    const byName = new Map<string, { expressible: boolean; body: unknown }>(
      emites.json.event_types.map((e: { name: string; expressible: boolean; body: unknown }) => [e.name, e]),
    );
    expect(byName.get("nfe.authorized")).toEqual({
      ...byName.get("nfe.authorized"),
      expressible: true,
      body: { object_type: "NFe", object_id: 4242, organization_id: 1, event: "succeeded" },
    });
    expect(byName.get("nfse.authorized")).toMatchObject({ expressible: false, body: null });
    const bad = await api.call(GET, "GET", "/api/v1/event-types?format=sap");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.errors)).toEqual(["format"]);
  });

  it("marks personal fields in the schemas (LGPD)", async () => {
    const entries = await catalog();
    const schema = entries.find((e) => e.name === "nfe.authorized")!.schema as {
      properties: { recipient: { properties: Record<string, { personal?: boolean }> } };
    };
    const recipient = schema.properties.recipient.properties;
    expect(["cpf", "email", "phone", "address"].map((f) => recipient[f]?.personal)).toEqual([true, true, true, true]);
    expect(recipient.cnpj?.personal).toBeUndefined();
  });
});
