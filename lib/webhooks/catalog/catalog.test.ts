import { describe, expect, it } from "vitest";
import { isValidAccessKey, isValidCnpj } from "@/lib/cnpj";
import { eventTypeGroups, eventTypeJsonSchema, eventTypeNames, eventTypes, getEventType, validateEventData } from "@/lib/webhooks/catalog";

const required = [
  ...["sent", "processing", "waiting", "authorized", "rejected", "error", "cancelled", "cancel_rejected"].flatMap((stage) => [
    `nfe.${stage}`,
    `nfce.${stage}`,
    `nfse.${stage}`,
  ]),
  "nfe.correction_letter",
  "nfe.disablement_rejected",
  "nfce.disablement_rejected",
  "operation.processing",
  "operation.waiting",
  "operation.succeeded",
  "operation.error",
  "operation.rejected",
  "asset.available",
  "webhook.test",
];

describe("event catalog", () => {
  it("has every event type the design asks for, and no CC-e for NFC-e or NFS-e", () => {
    expect(eventTypeNames).toEqual(expect.arrayContaining(required));
    expect(getEventType("nfce.correction_letter")).toBeUndefined();
    expect(getEventType("nfse.correction_letter")).toBeUndefined();
  });

  it("has unique dotted names whose prefix is their group", () => {
    expect(new Set(eventTypeNames).size).toBe(eventTypeNames.length);
    for (const { name, group } of eventTypes) {
      expect(name).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
      // operational events (endpoint.*, delivery.*) share the "alert" group
      expect(group === "alert" ? ["endpoint", "delivery"] : [group]).toContain(name.split(".")[0]);
    }
  });

  it.each(eventTypes.map((definition) => [definition.name, definition] as const))(
    "%s has descriptions, a valid example and a JSON Schema",
    (name, definition) => {
      expect(definition.description["pt-BR"].length).toBeGreaterThan(10);
      expect(definition.description.en.length).toBeGreaterThan(10);
      expect(definition.description["pt-BR"]).not.toBe(definition.description.en);
      expect(validateEventData(name, definition.example)).toEqual({ ok: true, data: definition.example });
      expect(eventTypeJsonSchema(definition)).toMatchObject({ type: "object", additionalProperties: {} });
    },
  );

  it("uses identifiers with valid check digits in the examples", () => {
    for (const { example } of eventTypes) {
      if (typeof example.company_cnpj === "string") expect(isValidCnpj(example.company_cnpj)).toBe(true);
      if (typeof example.access_key === "string") expect(isValidAccessKey(example.access_key)).toBe(true);
    }
  });

  it("requires an access key on NF-e and NFC-e but not on NFS-e", () => {
    expect(eventTypeJsonSchema(getEventType("nfe.authorized")!).required).toContain("access_key");
    expect(eventTypeJsonSchema(getEventType("nfce.authorized")!).required).toContain("access_key");
    expect(eventTypeJsonSchema(getEventType("nfse.authorized")!).required).toEqual(
      expect.arrayContaining(["company_cnpj", "city_code", "number", "verification_code", "status"]),
    );
    expect(getEventType("nfse.authorized")!.example).not.toHaveProperty("access_key");
  });
});

describe("eventTypeGroups", () => {
  it("lists the groups in display order with pt-BR and English labels", () => {
    expect(eventTypeGroups.map((group) => group.label["pt-BR"])).toEqual([
      "NF-e",
      "NFC-e",
      "NFS-e",
      "Operações",
      "Arquivos",
      "Alertas",
      "Webhook",
    ]);
    expect(eventTypeGroups.map((group) => group.label.en)).toEqual(["NF-e", "NFC-e", "NFS-e", "Operations", "Files", "Alerts", "Webhook"]);
  });

  it("puts every event type in exactly one group, in catalog order", () => {
    expect(eventTypeGroups.flatMap((group) => group.eventTypes)).toEqual(eventTypeNames);
    expect(eventTypeGroups.find((group) => group.id === "asset")?.eventTypes).toEqual(["asset.available"]);
  });
});
