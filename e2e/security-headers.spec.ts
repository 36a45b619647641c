// Security headers on what the web process serves: pages (CSP with a per-request nonce, never
// framed), API answers of both adapters (Next.js routes and the node:http publish path), and slow
// clients cut off.
import { connect } from "node:net";
import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

const common = { "x-content-type-options": "nosniff", "referrer-policy": "same-origin", "x-frame-options": "DENY" };

test("pages carry a nonce CSP that forbids framing, and the dashboard runs under it without violations", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const csp = first.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(second.headers()["content-security-policy"]).not.toBe(csp); // a new nonce each time
  expect(first.headers()).toMatchObject(common);

  await signUp(page, { organization: "Cabeçalhos Seguros LTDA" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test("API answers are never cached and carry the strict API policy, on both paths", async ({ request }) => {
  const me = await request.get("/api/v1/me");
  expect(me.status()).toBe(401);
  expect(me.headers()).toMatchObject({
    ...common,
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  });

  const publish = await request.post("/api/v1/events", {
    headers: { authorization: "Bearer nfe_not-a-real-token", "x-forwarded-for": "198.19.0.7" },
    data: { type: "nfe.authorized", data: {} },
  });
  expect(publish.status()).toBe(401);
  expect(publish.headers()).toMatchObject({ ...common, "cache-control": "no-store" });
});

test("a client that never finishes its headers is disconnected within the header timeout", async ({ baseURL }) => {
  test.setTimeout(60_000);
  const { hostname, port } = new URL(baseURL!);
  const started = Date.now();
  const closedAfter = await new Promise<number>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write("GET /sign-in HTTP/1.1\r\nHost: x\r\n"));
    socket.on("data", () => {}); // a 408 may come first
    socket.on("close", () => resolve(Date.now() - started));
    socket.on("error", reject);
    setTimeout(() => reject(new Error("still connected after 45 s")), 45_000).unref();
  });
  expect(closedAfter).toBeGreaterThan(15_000);
  expect(closedAfter).toBeLessThan(45_000);
});
