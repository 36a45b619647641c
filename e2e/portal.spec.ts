// Platform mode in the browser: an integrator (the operator API, Bearer OPERATOR_API_KEY) creates a
// tenant and a single-use portal URL, and its ERP frames the tenant's webhook screens (?embed=1).
// The ERP pages are served here on 127.0.0.1 — the allowed one on the port after the app's
// (PORTAL_ALLOWED_ORIGINS, playwright.config.ts), another one two ports after — beside a loopback
// webhook receiver. Embedded, a portal user adds a webhook (its test ping reaches the receiver),
// sees an event the operator published and resends it; elsewhere the frame is refused, and the
// link, the session and the tenant's data stay where they belong.
import { createServer, type Server } from "node:http";
import { expect, test, type APIRequestContext, type FrameLocator, type Page } from "@playwright/test";
import { baseURL, E2E_OPERATOR_KEY } from "../playwright.config";
import { getEventType } from "@/lib/webhooks/catalog";
import { startReceiver, type Receiver } from "@/test/receiver";

const appPort = Number(new URL(baseURL).port);
const allowedPort = appPort + 1; // PORTAL_ALLOWED_ORIGINS
const otherPort = appPort + 2; // not allowed to frame the portal
const operator = { authorization: `Bearer ${E2E_OPERATOR_KEY}` };

const servers: Server[] = [];
const receivers: Receiver[] = [];
test.afterAll(async () => {
  await Promise.all([
    ...receivers.map((r) => r.close()),
    ...servers.map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  ]);
});

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

const attribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The integrator's ERP: one page on 127.0.0.1:`port` framing `src` (the portal) as "Webhooks". */
async function erpPage(port: number, src: string): Promise<string> {
  const html = `<!doctype html>
<html lang="pt-BR">
  <head><meta charset="utf-8"><title>ERP do cliente</title></head>
  <body>
    <h1>ERP do cliente</h1>
    <iframe src="${attribute(src)}" title="Webhooks" style="width: 100%; height: 900px; border: 0"></iframe>
  </body>
</html>`;
  const server = createServer((_req, res) => void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${port}/`;
}

const unique = (label: string) => `e2e-${label}-${Date.now().toString(36)}-${Math.random().toString(16).slice(2, 8)}`;

/** PUT /api/v1/operator/organizations/:external_id: a new tenant, answers its external id. */
async function createTenant(request: APIRequestContext, label: string, name: string): Promise<string> {
  const externalId = unique(label);
  const created = await request.put(`/api/v1/operator/organizations/${externalId}`, { headers: operator, data: { name } });
  expect(created.status(), await created.text()).toBe(201);
  expect((await created.json()).organization).toMatchObject({ external_id: externalId, name });
  return externalId;
}

/**
 * A single-use portal URL for a new admin of the tenant. The server names it on
 * http://localhost:PORT (no APP_URL here); the browser opens it on baseURL's 127.0.0.1, the same
 * server and the site the ERP pages share with it (the portal's cookies are SameSite=Lax over http).
 */
async function portalUrl(request: APIRequestContext, externalId: string): Promise<string> {
  const created = await request.post(`/api/v1/operator/organizations/${externalId}/portal-sessions`, {
    headers: operator,
    data: { user: { email: `${unique("ana")}@cliente.example`, name: "Ana do Financeiro" }, role: "admin", locale: "pt-BR" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { url, expires_at } = await created.json();
  expect(new Date(expires_at).getTime()).toBeGreaterThan(Date.now());
  const link = new URL(url);
  expect(link.port).toBe(String(appPort));
  expect(link.pathname).toMatch(/^\/portal\/[^/?#]+$/);
  return new URL(link.pathname, baseURL).href;
}

/** The value of one CSP directive ("frame-ancestors" → "'none'"), undefined without it. */
function cspDirective(headers: Record<string, string>, name: string): string | undefined {
  const directives = (headers["content-security-policy"] ?? "").split(";").map((d) => d.trim());
  return directives.find((d) => d.startsWith(`${name} `))?.slice(name.length + 1);
}

/** Console messages of a refused frame (CSP frame-ancestors, X-Frame-Options). */
function frameRefusals(page: Page): string[] {
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/frame-ancestors|X-Frame-Options|Refused to (frame|display)/i.test(message.text())) refusals.push(message.text());
  });
  return refusals;
}

/** This app's own site header (the page's banner: app name, e-mail, "Sair") is not there. */
async function expectNoSiteHeader(frame: FrameLocator) {
  await expect(frame.getByRole("banner")).toHaveCount(0);
  await expect(frame.getByRole("navigation", { name: "principal" })).toHaveCount(0);
  await expect(frame.getByRole("button", { name: "Sair", exact: true })).toHaveCount(0);
}

/** The framed document's response for `pathname` (not the ERP's own page). */
const framedResponse = (page: Page, pathname: string) =>
  page.waitForResponse(
    (response) =>
      response.request().resourceType() === "document" &&
      response.frame() !== page.mainFrame() &&
      new URL(response.url()).pathname === pathname,
  );

test("a portal embedded in an allowed ERP adds a webhook (its ping reaches the receiver) and resends an operator's event", async ({
  page,
  request,
}) => {
  const hook = await receiver();
  const tenant = await createTenant(request, "erp", "Mercado Bom Preço LTDA");
  const erp = await erpPage(allowedPort, `${await portalUrl(request, tenant)}?embed=1`);
  const refusals = frameRefusals(page);

  const landing = framedResponse(page, "/account/webhooks");
  await page.goto(erp);
  await expect(page.getByRole("heading", { level: 1, name: "ERP do cliente" })).toBeVisible();
  const framed = await landing;
  expect(framed.status()).toBe(200);
  expect(framed.url()).toBe(`${baseURL}/account/webhooks?embed=1`);
  expect(cspDirective(framed.headers(), "frame-ancestors")).toBe(`http://127.0.0.1:${allowedPort}`);
  expect(framed.headers()["x-frame-options"]).toBeUndefined();

  const frame = page.frameLocator('iframe[title="Webhooks"]');
  await expect(frame.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  const section = frame.getByRole("region", { name: "Webhooks", exact: true });
  await expect(section.getByText("Nenhum webhook cadastrado.")).toBeVisible();
  await expect(section.locator("a, button").last()).toHaveText("Adicionar webhook");
  // embedded: the ERP's own screen around it, not this app's header (name, e-mail, "Sair")
  await expect(frame.locator("body")).toHaveAttribute("data-embedded", "true");
  await expectNoSiteHeader(frame);

  await section.getByRole("button", { name: "Adicionar webhook", exact: true }).click();
  await expect(frame.getByRole("heading", { level: 1, name: "Adicionar webhook" })).toBeVisible();
  await frame.getByRole("textbox", { name: "URL", exact: true }).fill(hook.url);
  await frame.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(frame.getByRole("status").filter({ hasText: "Webhook criado. A URL respondeu à requisição de teste" })).toBeVisible();
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(hook.url);
  expect(hook.pings()).toHaveLength(1);
  const [ping] = hook.pings();
  expect(ping!.webhookId).toMatch(/^msg_/);
  expect(ping!.headers["webhook-signature"]).toMatch(/^v1,/);
  expect(JSON.parse(ping!.body)).toMatchObject({ type: "webhook.test" });

  // the operator publishes an invoice event on the tenant's behalf: delivered to the new webhook
  const data = getEventType("nfe.authorized")!.example;
  const published = await request.post(`/api/v1/operator/organizations/${tenant}/events`, {
    headers: operator,
    data: { type: "nfe.authorized", data, id: unique("nfe") },
  });
  expect(published.status(), await published.text()).toBe(202);
  const { deliveries } = await published.json();
  expect(deliveries).toHaveLength(1);
  const webhookId: string = deliveries[0].webhook_id;
  expect(webhookId).toMatch(/^msg_/);
  await expect.poll(() => hook.events().map((r) => r.webhookId)).toEqual([webhookId]);
  expect(JSON.parse(hook.events()[0]!.body)).toMatchObject({ type: "nfe.authorized", data });

  await frame.getByRole("tab", { name: "Entregas", exact: true }).click();
  await expect(frame.getByRole("tab", { name: "Entregas", exact: true })).toHaveAttribute("aria-selected", "true");
  const row = frame.getByRole("row").filter({ has: frame.getByRole("link", { name: "nfe.authorized", exact: true }) });
  await expect(row).toContainText("Entregue");
  await expect(row).toContainText("HTTP 200");
  await row.getByRole("link", { name: "nfe.authorized", exact: true }).click();
  await expect(frame.getByRole("heading", { level: 1, name: "Entrega de nfe.authorized" })).toBeVisible();
  await expect(frame.getByRole("definition").filter({ hasText: webhookId })).toBeVisible();
  await frame.getByRole("button", { name: "Reenviar", exact: true }).click();
  await expect(frame.getByText(/^Reenvio concluído: tentativa 2 — HTTP 200 em [\d.,]+ ms\.$/)).toBeVisible();
  await expect.poll(() => hook.events().map((r) => r.webhookId)).toEqual([webhookId, webhookId]);

  // all of it inside the frame: the ERP's page stayed, still without this app's header
  expect(page.url()).toBe(erp);
  await expect(frame.locator("body")).toHaveAttribute("data-embedded", "true");
  await expectNoSiteHeader(frame);
  expect(refusals).toEqual([]);
});

test("the portal is not framed by an origin outside PORTAL_ALLOWED_ORIGINS, and normal pages are never framed", async ({
  page,
  request,
}) => {
  const normal = await request.get("/sign-in");
  expect(normal.status()).toBe(200);
  expect(normal.headers()["x-frame-options"]).toBe("DENY");
  expect(cspDirective(normal.headers(), "frame-ancestors")).toBe("'none'");

  const embedded = await request.get("/portal/ended?embed=1");
  expect(embedded.status()).toBe(200);
  expect(cspDirective(embedded.headers(), "frame-ancestors")).toBe(`http://127.0.0.1:${allowedPort}`);
  expect(embedded.headers()["x-frame-options"]).toBeUndefined();

  const tenant = await createTenant(request, "intruso", "Loja Vizinha ME");
  const intruder = await erpPage(otherPort, `${await portalUrl(request, tenant)}?embed=1`);
  const refusals = frameRefusals(page);
  const landing = framedResponse(page, "/account/webhooks");
  await page.goto(intruder);
  await expect(page.getByRole("heading", { level: 1, name: "ERP do cliente" })).toBeVisible();
  // the server answered the framed page, naming only the allowed origin as its ancestor...
  const framed = await landing;
  expect(cspDirective(framed.headers(), "frame-ancestors")).toBe(`http://127.0.0.1:${allowedPort}`);
  // ...so Chromium refused to render it: an error page in its place, never the webhook list
  await expect.poll(() => refusals.some((text) => text.includes("frame-ancestors"))).toBe(true);
  const child = () => page.frames().find((frame) => frame !== page.mainFrame());
  await expect.poll(() => child()?.url()).toMatch(/^chrome-error:/);
  const frame = page.frameLocator('iframe[title="Webhooks"]');
  await expect(frame.getByText("Adicionar webhook")).toHaveCount(0);
  await expect(frame.getByRole("heading", { name: "Webhooks" })).toHaveCount(0);
  await expect(frame.locator("[data-embedded]")).toHaveCount(0);
});

test("a portal URL works once, and its session stays on its own tenant's webhook screens", async ({ page, request }) => {
  const tenantA = await createTenant(request, "a", "Farmácia Central LTDA");
  const tenantB = await createTenant(request, "b", "Construtora Horizonte SA");
  const secretUrl = `http://127.0.0.1:9/tenant-b-${unique("hook")}`;
  const hookB = await request.post(`/api/v1/operator/organizations/${tenantB}/webhooks`, {
    headers: operator,
    data: { url: secretUrl, description: "Webhook da Construtora", skip_verification: true },
  });
  expect(hookB.status(), await hookB.text()).toBe(201);
  const webhookB: string = (await hookB.json()).webhook.id;

  const url = await portalUrl(request, tenantA);
  await page.goto(url);
  await expect(page).toHaveURL(`${baseURL}/account/webhooks`);
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("Nenhum webhook cadastrado.")).toBeVisible();
  // not embedded: the app's own header is there (what the embedded frame must not show)
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.getByRole("banner").getByRole("navigation", { name: "principal" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sair", exact: true })).toBeVisible();

  // used: the same URL again leads to the page that says so (the session it opened goes on)
  await page.goto(url);
  await expect(page).toHaveURL(`${baseURL}/portal/ended`);
  await expect(page.getByRole("heading", { level: 1, name: "Sessão do portal encerrada" })).toBeVisible();

  for (const path of ["/account", "/account/simulator", "/account/notifications"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(`${baseURL}/account/webhooks`);
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  }

  for (const path of [`/account/webhooks/${webhookB}`, `/account/webhooks/${webhookB}/deliveries`]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "404" })).toBeVisible();
    await expect(page.getByText("Página não encontrada")).toBeVisible();
    const html = await page.content();
    expect(html, path).not.toContain(secretUrl);
    expect(html, path).not.toContain("Webhook da Construtora");
  }

  const calls = await page.evaluate(async () => {
    const call = async (path: string) => {
      const response = await fetch(path);
      return { status: response.status, body: await response.json() };
    };
    return { tokens: await call("/api/v1/tokens"), members: await call("/api/v1/members"), webhooks: await call("/api/v1/webhooks") };
  });
  expect(calls.tokens).toMatchObject({ status: 403, body: { code: "portal.forbidden" } });
  expect(calls.members).toMatchObject({ status: 403, body: { code: "portal.forbidden" } });
  expect(calls.webhooks.status).toBe(200);
  expect(calls.webhooks.body.webhooks, "tenant A has no webhook; B's is not listed").toEqual([]);
});
