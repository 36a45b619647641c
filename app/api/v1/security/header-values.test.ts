// Custom header values are credentials more often than not: stored encrypted (names in clear), sent
// to the receiver as given, shown to admins only.
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as showRoute, PATCH as patchRoute } from "@/app/api/v1/webhooks/[id]/route";
import { POST as createRoute } from "@/app/api/v1/webhooks/route";
import { pool } from "@/lib/db";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { apiClient, type ApiClient } from "@/test/api-client";
import { startReceiver, type Receiver } from "@/test/receiver";

let hook: Receiver;
let api: ApiClient;
beforeAll(async () => {
  hook = await startReceiver();
  api = await apiClient("cabecalhos@padaria.test", "Cabeçalhos LTDA");
});
afterAll(async () => {
  await hook.close();
  await closeDeliverAgents();
});

/** Rows of any table whose text contains `needle`. */
async function storedAnywhere(needle: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM endpoints e WHERE e::text LIKE '%' || $1 || '%'`, [
    needle,
  ]);
  return rows[0]!.n;
}

it("are encrypted in the table, sent in clear to the receiver, and revealed to admins only", async () => {
  const created = await api.call(createRoute, "POST", "/api/v1/webhooks", {
    body: { url: hook.url, headers: { "X-Api-Key": "chave-secreta-123" } },
  });
  expect(created.status).toBe(201);
  const id = created.json.webhook.id;
  expect(hook.requests.at(-1)!.headers["x-api-key"]).toBe("chave-secreta-123");
  expect(await storedAnywhere("chave-secreta-123")).toBe(0);
  const { rows } = await pool().query<{ headers: Record<string, string> }>(`SELECT headers FROM endpoints WHERE id = $1`, [id]);
  expect(Object.keys(rows[0]!.headers)).toEqual(["X-Api-Key"]);
  expect(rows[0]!.headers["X-Api-Key"]).toMatch(/^enc:v1\./);

  expect((await api.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id })).json.webhook.headers).toEqual({
    "X-Api-Key": "chave-secreta-123",
  });

  // an update that leaves headers alone keeps them; one that replaces them seals the new values
  await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { id, body: { description: "ERP" } });
  await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { id, body: { headers: { Authorization: "Basic dXNlcjpzZW5oYQ==" } } });
  expect(await storedAnywhere("dXNlcjpzZW5oYQ")).toBe(0);
  expect((await api.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id })).json.webhook.headers).toEqual({
    Authorization: "Basic dXNlcjpzZW5oYQ==",
  });
});

it("stored in clear by an older version are still sent, and sealed on the next save", async () => {
  const created = await api.call(createRoute, "POST", "/api/v1/webhooks", { body: { url: hook.url, skip_verification: true } });
  const id = created.json.webhook.id;
  await pool().query(`UPDATE endpoints SET headers = '{"X-Old": "antigo-valor"}' WHERE id = $1`, [id]);
  expect((await api.call(showRoute, "GET", `/api/v1/webhooks/${id}`, { id })).json.webhook.headers).toEqual({ "X-Old": "antigo-valor" });
  await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${id}`, { id, body: { headers: { "X-Old": "antigo-valor" } } });
  expect(await storedAnywhere("antigo-valor")).toBe(0);
});
