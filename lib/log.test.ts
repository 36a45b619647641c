// Structured logs: every API answer carries a request id (the client's X-Request-Id when it is a
// plain token, else a new one) and so does its JSON log line, with the organization; tokens, secrets
// and custom header values never reach the log.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "debug";
});

import { POST as publishRoute } from "@/app/api/v1/events/route";
import { POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { GET as secretRoute } from "@/app/api/v1/webhooks/[id]/secret/route";
import { createLogger, log, setLogger } from "@/lib/log";
import { apiClient, type ApiClient } from "@/test/api-client";
import { invoiceData } from "@/test/engine-helpers";

let lines: string[] = [];
let api: ApiClient;
const previous = log();

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  setLogger(createLogger(sink));
  api = await apiClient("logs@loja.test", "Loja Logs LTDA");
});
afterAll(() => setLogger(previous));

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("request logs", () => {
  it("are JSON lines with the request id the answer carries, and the organization", async () => {
    lines = [];
    const given = await api.call(publishRoute, "POST", "/api/v1/events", {
      headers: { "x-request-id": "erp-7f3a91" },
      body: { type: "nfe.authorized", data: invoiceData() },
    });
    expect(given.status).toBe(202);
    expect(given.headers.get("x-request-id")).toBe("erp-7f3a91");
    const generated = await api.call(publishRoute, "POST", "/api/v1/events", {
      headers: { "x-request-id": "not a plain\ttoken" },
      body: { type: "nfe.authorized", data: invoiceData() },
    });
    const id = generated.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const entries = parsed();
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          request_id: "erp-7f3a91",
          method: "POST",
          path: "/api/v1/events",
          status: 202,
          organization_id: api.organizationId,
        }),
        expect.objectContaining({ request_id: id, status: 202 }),
      ]),
    );
    for (const entry of entries) expect(entry).toMatchObject({ level: expect.any(Number), time: expect.any(Number), msg: "request" });
  });

  it("name a refusal at the default level (info), with its status and organization", async () => {
    lines = [];
    const refused = await api.call(publishRoute, "POST", "/api/v1/events", { body: { type: "nfe.nope", data: {} } });
    expect(refused.status).toBe(422);
    expect(parsed()).toEqual([
      expect.objectContaining({ level: 30, msg: "request refused", status: 422, organization_id: api.organizationId }),
    ]);
  });

  it("never carry a token, a signing secret or a custom header value", async () => {
    lines = [];
    const created = await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", {
      body: { url: "http://127.0.0.1:9/logs", headers: { "X-Api-Key": "header-value-never-logged" }, skip_verification: true },
    });
    expect(created.status).toBe(201);
    const id = created.json.webhook.id;
    const secret = await api.call(secretRoute, "GET", `/api/v1/webhooks/${id}/secret`, { id });
    expect(secret.json.secret).toMatch(/^whsec_/);
    const refused = await api.call(publishRoute, "POST", "/api/v1/events", {
      headers: { authorization: "Bearer nfe_not-a-real-token-0123456789" },
      body: {},
    });
    expect(refused.status).toBe(401);
    const text = lines.join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const secretValue of [
      api.token,
      created.json.secret,
      secret.json.secret,
      "header-value-never-logged",
      "nfe_not-a-real-token-0123456789",
    ]) {
      expect(text).not.toContain(secretValue);
    }
  });

  it("redact secrets passed by mistake", () => {
    lines = [];
    log().error({ headers: { authorization: "Bearer x" }, token: "nfe_leak", request: { cookie: "s=1" } }, "oops");
    const [entry] = parsed();
    expect(entry).toMatchObject({ headers: "[redacted]", token: "[redacted]", request: { cookie: "[redacted]" } });
  });
});
