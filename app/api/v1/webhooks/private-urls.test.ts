// Save-time URL policy with ALLOW_PRIVATE_WEBHOOK_URLS off (as in production): loopback and private
// targets are refused with 422 before any connection is attempted. Only loopback receivers are used,
// and they count connections to prove none was made.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.ALLOW_PRIVATE_WEBHOOK_URLS = "false";
});

import { POST as createRoute } from "@/app/api/v1/webhooks/route";
import { PATCH as patchRoute } from "@/app/api/v1/webhooks/[id]/route";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { closeDeliverAgents } from "@/lib/webhooks/outbound/deliver";
import { checkUrl, type LookupFn } from "@/lib/webhooks/outbound/url-policy";
import { apiClient } from "@/test/api-client";
import { startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => closeDeliverAgents());

async function loopbackReceiver(): Promise<Receiver> {
  const receiver = await startReceiver();
  receivers.push(receiver);
  return receiver;
}

/** A lookup that must never be needed, or answers from a fixed table: tests never touch real DNS. */
const table =
  (answers: Record<string, string[]>): LookupFn =>
  async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("checkUrl with allowPrivate: false", () => {
  it.each([
    ["a loopback literal", "http://127.0.0.1:1/"],
    ["a loopback address as one decimal number", "http://2130706433/"],
    ["a loopback address in hex", "http://0x7f000001/"],
    ["an IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]/"],
    ["the IPv6 loopback", "http://[::1]/"],
    ["a private literal", "http://10.0.0.1/"],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/"],
  ])("refuses %s as blocked", async (_case, url) => {
    const lookup = vi.fn(table({}));
    const check = await checkUrl(url, { allowPrivate: false, lookup });
    expect(check).toMatchObject({ ok: false, code: "blocked" });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("refuses a name that resolves to 10.0.0.5", async () => {
    const check = await checkUrl("https://internal.test/hooks", { allowPrivate: false, lookup: table({ "internal.test": ["10.0.0.5"] }) });
    expect(check).toEqual({ ok: false, code: "blocked", message: expect.stringContaining("10.0.0.5") });
  });

  it("accepts a name whose addresses are all public", async () => {
    const check = await checkUrl("https://erp.example.com/hooks", {
      allowPrivate: false,
      lookup: table({ "erp.example.com": ["203.0.114.10"] }),
    });
    expect(check).toMatchObject({ ok: true, addresses: ["203.0.114.10"] });
  });
});

describe("POST /api/v1/webhooks without ALLOW_PRIVATE_WEBHOOK_URLS", () => {
  it("reads the flag as off", () => {
    expect(env.ALLOW_PRIVATE_WEBHOOK_URLS).toBe(false);
  });

  it.each([
    ["127.0.0.1", (port: number) => `http://127.0.0.1:${port}/hooks`],
    ["2130706433", (port: number) => `http://2130706433:${port}/hooks`],
    ["[::ffff:127.0.0.1]", (port: number) => `http://[::ffff:127.0.0.1]:${port}/hooks`],
  ])("refuses %s with 422 errors.url and never connects, even with skip_verification", async (_host, urlFor) => {
    const api = await apiClient(`dev-${_host.replace(/\W/g, "")}@empresa.test`, `Empresa ${_host}`);
    const receiver = await loopbackReceiver();

    for (const skip_verification of [false, true]) {
      const response = await api.call(createRoute, "POST", "/api/v1/webhooks", { body: { url: urlFor(receiver.port), skip_verification } });
      expect(response.status).toBe(422);
      expect(response.json.errors).toEqual({ url: [expect.stringMatching(/loopback/)] });
    }
    expect(receiver.connections()).toBe(0);
    expect(await prisma.endpoint.count({ where: { organizationId: api.organizationId } })).toBe(0);
  });

  it("refuses moving a saved endpoint to a loopback URL", async () => {
    const api = await apiClient("mover@empresa.test", "Mover LTDA");
    const receiver = await loopbackReceiver();
    const endpoint = await prisma.endpoint.create({
      data: { organizationId: api.organizationId, url: "https://erp.example.com/hooks", secretCiphertext: "v1.unused" },
    });

    const response = await api.call(patchRoute, "PATCH", `/api/v1/webhooks/${endpoint.id}`, {
      id: endpoint.id,
      body: { url: `http://127.0.0.1:${receiver.port}/hooks`, skip_verification: true },
    });

    expect(response.status).toBe(422);
    expect(response.json.errors.url).toEqual([expect.stringMatching(/loopback/)]);
    expect(receiver.connections()).toBe(0);
    expect((await prisma.endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).url).toBe("https://erp.example.com/hooks");
  });
});
