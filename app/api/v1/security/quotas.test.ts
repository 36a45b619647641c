// Quotas: webhooks and tokens per organization (422 past them), a token's publish rate and the
// test pings an organization may have in flight (429 with Retry-After). Each bounds one organization
// or one token only: the others go on as before.
import { vi } from "vitest";

vi.hoisted(() => {
  Object.assign(process.env, {
    MAX_ENDPOINTS_PER_ORG: "3",
    MAX_TOKENS_PER_ORG: "3",
    PUBLISH_RATE_PER_S: "2",
    PUBLISH_BURST: "3",
    MAX_PINGS_IN_FLIGHT_PER_ORG: "2",
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listEventsRoute, POST as publishRoute } from "@/app/api/v1/events/route";
import { POST as createTokenRoute } from "@/app/api/v1/tokens/route";
import { POST as pingRoute } from "@/app/api/v1/webhooks/[id]/ping/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import { GET as listWebhooksRoute, POST as createWebhookRoute } from "@/app/api/v1/webhooks/route";
import { ensureAccount } from "@/lib/auth/accounts";
import { createApiToken } from "@/lib/auth/tokens";
import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { apiClient, callRoute, type ApiClient } from "@/test/api-client";
import { endpointAt, invoiceData, waitUntil } from "@/test/log-fixtures";
import { gate, startReceiver, type Receiver } from "@/test/receiver";

let hook: Receiver;
afterAll(async () => {
  await hook?.close();
  await closeDeliverAgents();
});
beforeAll(async () => {
  hook = await startReceiver();
});

describe("webhooks per organization", () => {
  it("past MAX_ENDPOINTS_PER_ORG are a 422 quota.exceeded, without a test request; other organizations still create theirs", async () => {
    const api = await apiClient("cota@webhooks.test", "Cota LTDA");
    for (let i = 0; i < 3; i++) {
      expect((await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: `${hook.url}/${i}` } })).status).toBe(201);
    }
    const pings = hook.requests.length;
    const refused = await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: `${hook.url}/4` } });
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe("quota.exceeded");
    expect(refused.json.errors.base[0]).toMatch(/MAX_ENDPOINTS_PER_ORG/);
    expect(hook.requests.length).toBe(pings);
    // a deleted webhook frees its place (it is kept for its log)
    const listed = await api.call(listWebhooksRoute, "GET", "/api/v1/webhooks");
    const deleted = await api.call(webhookRoute.DELETE, "DELETE", `/api/v1/webhooks/${listed.json.webhooks[0].id}`, {
      params: { id: listed.json.webhooks[0].id },
    });
    expect(deleted.status).toBe(204);
    expect((await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: `${hook.url}/5` } })).status).toBe(201);
    expect((await api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: `${hook.url}/6` } })).status).toBe(422);
    const other = await apiClient("outra@webhooks.test", "Outra LTDA");
    expect((await other.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: hook.url } })).status).toBe(201);
  });

  it("hold when many are created at once", async () => {
    const api = await apiClient("corrida@webhooks.test", "Corrida LTDA");
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.call(createWebhookRoute, "POST", "/api/v1/webhooks", { body: { url: `${hook.url}/r${i}`, skip_verification: true } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
  });
});

describe("tokens per organization", () => {
  it("past MAX_TOKENS_PER_ORG live tokens are a 422; a revoked one frees its place", async () => {
    const api = await apiClient("tokens@cota.test", "Tokens LTDA"); // its own token is the first
    expect((await api.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "2" } })).status).toBe(201);
    const third = await api.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "3" } });
    expect(third.status).toBe(201);
    const refused = await api.call(createTokenRoute, "POST", "/api/v1/tokens", { body: { name: "4" } });
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe("quota.exceeded");
    expect(refused.json.errors.base[0]).toMatch(/MAX_TOKENS_PER_ORG/);
  });
});

describe("a token's publish rate", () => {
  it("lets a burst through, then answers 429 with Retry-After; reads, other tokens and operator tokens go on", async () => {
    const { user } = await ensureAccount("emissor@cota.test", "Emissor LTDA");
    const fast = (await createApiToken(user.organizationId, { name: "erp", scope: "publish", createdById: user.id })).token;
    const other = (await createApiToken(user.organizationId, { name: "outro", createdById: user.id })).token;
    const operator = (await createApiToken(user.organizationId, { name: "cli", createdById: user.id, publishRatePerS: 0 })).token;
    const publish = (token: string, n: number) =>
      callRoute(publishRoute, "POST", "/api/v1/events", {
        headers: { authorization: `Bearer ${token}` },
        body: { type: "nfe.authorized", data: invoiceData({ number: n }) },
      });
    const statuses = [];
    for (let n = 1; n <= 4; n++) statuses.push((await publish(fast, n)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const refused = await publish(fast, 5);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.json.code).toBe("rate_limited");

    expect((await publish(other, 6)).status).toBe(202);
    const reads = await callRoute(listEventsRoute, "GET", "/api/v1/events", { headers: { authorization: `Bearer ${other}` } });
    expect(reads.status).toBe(200);
    for (let n = 10; n < 20; n++) expect((await publish(operator, n)).status).toBe(202);

    // the budget refills at PUBLISH_RATE_PER_S
    await waitUntil("the token to publish again", async () => (await publish(fast, 30)).status === 202, 5_000);
  });

  it("holds for publishes at the same time: a burst's worth go through, the rest are 429s with Retry-After", async () => {
    const { user } = await ensureAccount("simultaneo@cota.test", "Simultâneo LTDA");
    const { token } = await createApiToken(user.organizationId, { name: "erp", scope: "publish", createdById: user.id });
    const other = (await ensureAccount("vizinha@cota.test", "Vizinha LTDA")).user;
    const neighbour = (await createApiToken(other.organizationId, { name: "erp", scope: "publish", createdById: other.id })).token;
    // another token's publish goes first, alone; these arrive meanwhile and share the next publish
    // statement, which checks their token: the bucket's first use is a batch of nine
    const [first, ...answers] = await Promise.all([
      callRoute(publishRoute, "POST", "/api/v1/events", {
        headers: { authorization: `Bearer ${neighbour}` },
        body: { type: "nfe.authorized", data: invoiceData({ number: 99 }) },
      }),
      ...Array.from({ length: 9 }, (_, n) =>
        callRoute(publishRoute, "POST", "/api/v1/events", {
          headers: { authorization: `Bearer ${token}` },
          body: { type: "nfe.authorized", data: invoiceData({ number: 100 + n }) },
        }),
      ),
    ]);
    expect(first!.status).toBe(202);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429, 429, 429, 429]);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE organization_id = $1`, [
      user.organizationId,
    ]);
    expect(rows[0]!.n).toBe(3);
  });
});

describe("test pings in flight", () => {
  it("are at most MAX_PINGS_IN_FLIGHT_PER_ORG per organization: one more is a 429, another organization pings as usual", async () => {
    const hold = gate();
    const slow = await startReceiver(async (_req, res) => {
      await hold.wait;
      res.writeHead(200).end("ok");
    });
    try {
      const api: ApiClient = await apiClient("pings@cota.test", "Pings LTDA");
      const id = await endpointAt(api.organizationId, slow.url);
      const held = [1, 2].map(() => api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id }));
      await waitUntil("two pings to be in flight", () => slow.requests.length === 2);
      const third = await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id });
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBeTruthy();

      const other = await apiClient("pings2@cota.test", "Outros Pings LTDA");
      const otherId = await endpointAt(other.organizationId, hook.url);
      expect((await other.call(pingRoute, "POST", `/api/v1/webhooks/${otherId}/ping`, { id: otherId })).status).toBe(200);

      hold.open();
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      expect((await api.call(pingRoute, "POST", `/api/v1/webhooks/${id}/ping`, { id })).status).toBe(200);
    } finally {
      hold.open();
      await slow.close();
    }
  });
});
