// Inputs PostgreSQL cannot store or dates it cannot hold: each is a 422 naming the field, never a 500
// from the statement (NUL bytes, lone surrogates, dates out of range), whatever the route.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signUpRoute } from "@/app/api/sign-up/route";
import { GET as listEventsRoute, POST as publishRoute } from "@/app/api/v1/events/route";
import { POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { GET as webhookDeliveriesRoute } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { GET as webhookHealthRoute } from "@/app/api/v1/webhooks/[id]/health/route";
import { POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { prisma } from "@/lib/db";
import { apiClient, callRoute, type ApiClient } from "@/test/api-client";
import { endpointAt, invoiceData } from "@/test/log-fixtures";

let api: ApiClient;
let endpointId: string;

beforeAll(async () => {
  api = await apiClient("entradas@padaria.test", "Padaria LTDA");
  endpointId = await endpointAt(api.organizationId, "http://127.0.0.1:9/hooks");
});

const deliveries = (query: string) =>
  api.call(webhookDeliveriesRoute, "GET", `/api/v1/webhooks/${endpointId}/deliveries?${query}`, { id: endpointId });

function expectUnstorable(
  response: { status: number; json: { errors: Record<string, string[]>; field_codes?: Record<string, string[]> } },
  field: string,
) {
  expect(response.status).toBe(422);
  expect(response.json.errors[field]).toEqual(["must not contain NUL characters or unpaired surrogates"]);
  expect(response.json.field_codes?.[field]).toEqual(["text.unstorable"]);
}

describe("text PostgreSQL cannot store", () => {
  it("in event data, at any depth and in keys, names the field", async () => {
    const nested = { ...invoiceData({ number: 1 }), notes: ["ok", "bad\u0000"] };
    expectUnstorable(
      await api.call(publishRoute, "POST", "/api/v1/events", { body: { type: "nfe.authorized", data: nested } }),
      "data.notes.1",
    );
    const badKey = { ...invoiceData({ number: 2 }), ["k\uD800"]: 1 };
    const response = await api.call(publishRoute, "POST", "/api/v1/events", { body: { type: "nfe.authorized", data: badKey } });
    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toEqual(["data.k\uD800"]);
    expect(await prisma.event.count({ where: { organizationId: api.organizationId } })).toBe(0);
  });

  it("in a webhook description, a token name and a sign-up name", async () => {
    const body = { url: "http://127.0.0.1:9/hooks", description: "ERP\u0000" };
    expectUnstorable(await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body }), "description");
    expectUnstorable(await api.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "a\uDC00b" } }), "name");
    const signUp = { name: "Ana\u0000", email: "ana@padaria.test", password: "senha-forte-1", organization: "Padaria" };
    expectUnstorable(await callRoute(signUpRoute, "POST", "/api/sign-up", { body: signUp }), "name");
  });

  it("in a query parameter", async () => {
    expectUnstorable(await api.call(listEventsRoute, "GET", "/api/v1/events?type=%00"), "type");
    expectUnstorable(await deliveries("event_type=%00"), "event_type");
  });
});

const health = (query: string) => api.call(webhookHealthRoute, "GET", `/api/v1/webhooks/${endpointId}/health?${query}`, { id: endpointId });

describe("values of the wrong kind", () => {
  it("a URL that is not text says so (not that it is blank), and nothing is saved", async () => {
    for (const url of [123, true, ["http://127.0.0.1:9/hooks"]]) {
      const response = await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url } });
      expect(response.status).toBe(422);
      expect(response.json.errors.url).toEqual(["must be text"]);
    }
    const missing = await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: null } });
    expect(missing.json.errors.url).toEqual(["can't be blank"]);
    const signUp = { name: 42, email: "tipos@padaria.test", password: "senha-forte-1", organization: ["Padaria"] };
    const refused = await callRoute(signUpRoute, "POST", "/api/sign-up", { body: signUp });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual({ name: ["must be text"], organization: ["must be text"] });
    expect(await prisma.endpoint.count({ where: { organizationId: api.organizationId } })).toBe(1);
  });

  it("a misspelt field is named in a 422 instead of ignored, and nothing is saved", async () => {
    const before = await prisma.endpoint.count({ where: { organizationId: api.organizationId } });
    const typo = await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", {
      body: { url: "http://127.0.0.1:9/hooks", event_type: ["nfe.cancelled"], skip_verification: true },
    });
    expect(typo.status).toBe(422);
    expect(typo.json.errors).toEqual({ event_type: ["is not a field of this request"] });
    expect(typo.json.field_codes).toEqual({ event_type: ["field.unknown"] });
    expect(await prisma.endpoint.count({ where: { organizationId: api.organizationId } })).toBe(before);

    const publish = await api.call(publishRoute, "POST", "/api/v1/events", {
      body: { type: "nfe.authorized", data: invoiceData({ number: 3 }), idempotency_key: "pedido-1" },
    });
    expect(publish.status).toBe(422);
    expect(Object.keys(publish.json.errors)).toEqual(["idempotency_key"]);
    expect(await prisma.event.count({ where: { organizationId: api.organizationId } })).toBe(0);
    // a push webhook may still say its kind
    const withKind = await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", {
      body: { kind: "push", url: "http://127.0.0.1:9/hooks", skip_verification: true },
    });
    expect(withKind.status).toBe(201);
  });

  it("a query parameter given twice is a 422 naming it, not the last one silently", async () => {
    const twice = await deliveries("status=failed&status=succeeded");
    expect(twice.status).toBe(422);
    expect(twice.json.errors).toEqual({ status: ["is given more than once"] });
    expect(twice.json.field_codes).toEqual({ status: ["field.repeated"] });
    expect((await deliveries("status=failed")).status).toBe(200);
  });

  it("a filter by an event type the catalog does not have is a 422 naming it, not an empty list", async () => {
    const events = await api.call(listEventsRoute, "GET", "/api/v1/events?type=nfe.autorized");
    expect(events.status).toBe(422);
    expect(events.json.errors.type).toEqual(['unknown event type "nfe.autorized"']);
    const log = await deliveries("event_type=nfe.autorized");
    expect(log.status).toBe(422);
    expect(log.json.field_codes?.event_type).toEqual(["event_type.unknown"]);
    expect((await deliveries("event_type=nfe.authorized")).status).toBe(200);
    expect((await api.call(listEventsRoute, "GET", "/api/v1/events?type=endpoint.disabled")).status).toBe(200);
  });
});

describe("dates (the delivery log's filters and a webhook's health take the same)", () => {
  it.each([
    "-271821-04-20T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "20261205",
    "December 5, 2026",
    "2026-13-45",
    "2026-02-30T00:00:00Z",
    "2025-02-29",
    "2026-04-31",
    "2026-00-10",
  ])("answer 422 for %s", async (from) => {
    for (const response of [await deliveries(`from=${encodeURIComponent(from)}`), await health(`from=${encodeURIComponent(from)}`)]) {
      expect(response.status).toBe(422);
      expect(response.json.field_codes.from).toEqual(["date"]);
    }
  });

  it("accept ISO 8601 dates, with or without a time", async () => {
    for (const from of ["2026-12-05", "2028-02-29", "2026-12-05T10:30", "2026-12-05T10:30:00.123Z", "2026-12-05T10:30:00-03:00"]) {
      expect((await deliveries(`from=${encodeURIComponent(from)}`)).status).toBe(200);
      expect((await health(`from=${encodeURIComponent(from)}`)).status).toBe(200);
    }
  });
});

describe("sign-up from a browser on another site", () => {
  const body = { name: "Ana", email: "ana.origem@padaria.test", password: "senha-forte-1", organization: "Padaria" };
  it("is refused (403 origin.refused) by Origin or Sec-Fetch-Site; without either (an API client) it goes through", async () => {
    const forged: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
    for (const headers of forged) {
      const response = await callRoute(signUpRoute, "POST", "/api/sign-up", { body, headers: { ...headers, host: "localhost" } });
      expect(response.status).toBe(403);
      expect(response.json.code).toBe("origin.refused");
    }
    expect(await prisma.user.count({ where: { email: body.email } })).toBe(0);
    expect(
      (await callRoute(signUpRoute, "POST", "/api/sign-up", { body, headers: { origin: "http://localhost", host: "localhost" } })).status,
    ).toBe(201);
  });
});
