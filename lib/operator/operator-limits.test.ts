// Operator routes are rate limited per key (OPERATOR_RATE_PER_MIN): past it, 429 with Retry-After
// for that key only — another key (a rotation in progress) and the organizations' own tokens are
// unaffected.
import { vi } from "vitest";

const KEYS = vi.hoisted(() => {
  const keys = ["nfeop_limited-key-for-tests-ddddddddddddddddddddddddddddd", "nfeop_another-key-for-tests-eeeeeeeeeeeeeeeeeeeeeeeeeeeee"];
  process.env.OPERATOR_API_KEY = keys.join(",");
  process.env.OPERATOR_RATE_PER_MIN = "5";
  return keys;
});

import { expect, it } from "vitest";
import { GET as listTenantsRoute } from "@/app/api/v1/operator/organizations/route";
import { GET as listWebhooksRoute } from "@/app/api/v1/webhooks/route";
import { apiClient, callRoute } from "@/test/api-client";

const list = (key: string) =>
  callRoute(listTenantsRoute, "GET", "/api/v1/operator/organizations", { headers: { authorization: `Bearer ${key}` } });

it("refuses a key past its rate with 429 and Retry-After, and nobody else", async () => {
  for (let i = 0; i < 5; i++) expect((await list(KEYS[0]!)).status).toBe(200);
  const refused = await list(KEYS[0]!);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(refused.json.code).toBe("rate_limited");
  expect((await list(KEYS[1]!)).status).toBe(200);
  const org = await apiClient("dona@limites.test", "Limites");
  expect((await org.call(listWebhooksRoute, "GET", "/api/v1/webhooks")).status).toBe(200);
});
