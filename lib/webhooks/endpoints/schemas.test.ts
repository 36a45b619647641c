import { describe, expect, it } from "vitest";
import { RETRY_PRESETS, retryPolicies } from "@/lib/webhooks/engine/retry";
import { createEndpointSchema, RETRY_POLICIES, updateEndpointSchema } from "./schemas";

describe("endpoint schemas", () => {
  it("offer exactly the retry policies that have a schedule", () => {
    expect([...RETRY_POLICIES].sort()).toEqual(Object.keys(RETRY_PRESETS).sort());
    expect([...RETRY_POLICIES].sort()).toEqual([...retryPolicies].sort());
  });

  it("fill in defaults on create: every event, every company, enabled, verified", () => {
    expect(createEndpointSchema.parse({ url: " https://erp.example.com/hooks " })).toEqual({
      url: "https://erp.example.com/hooks",
      description: "",
      event_types: [],
      cnpjs: [],
      headers: {},
      retry_policy: "default",
      enabled: true,
      environment: "producao",
      ordering: "none",
      payload_format: "standard",
      redact_personal: false,
      skip_verification: false,
    });
  });

  it("leave fields that were not sent out of an update", () => {
    expect(updateEndpointSchema.parse({ description: "ERP" })).toEqual({ description: "ERP", skip_verification: false });
  });

  it("refuse a URL longer than 2048 characters", () => {
    const url = `https://erp.example.com/${"a".repeat(2048)}`;
    const result = createEndpointSchema.safeParse({ url });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toContainEqual(["url"]);
  });
});
