// A webhook's page leads with what matters: the summary (status in words, success rate, last error in
// plain Portuguese with its time, what to do) on the first screen, the 10 latest deliveries inline,
// "Visão geral · Entregas · Configurações" as tabs that keyboard and URL both drive, events by group,
// the retries in force, the attempt timeline's gaps, the rotation's overlap choice — at 1366×900 and
// on a 390 px phone, where /account lists webhooks as cards with their status on screen.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signUp } from "./helpers";
import { startReceiver, type Receiver } from "@/test/receiver";

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let receiver: Receiver;
test.beforeAll(async () => {
  // the test request passes; every invoice event gets a 500
  receiver = await startReceiver(
    (request, res) => void res.writeHead(request.type === "webhook.test" ? 200 : 500, { "content-type": "text/plain" }).end("fora do ar"),
  );
});
test.afterAll(() => receiver.close());

interface Catalog {
  event_types: { name: string; example: Record<string, unknown> }[];
  groups: { id: string; event_types: string[] }[];
}

async function catalog(page: Page): Promise<Catalog> {
  return (await page.request.get("/api/v1/event-types")).json();
}

async function createWebhook(page: Page, body: Record<string, unknown>): Promise<string> {
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/v1/webhooks", { headers: { origin }, data: body });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()).webhook.id;
}

async function publish(page: Page, example: Record<string, unknown>, count: number) {
  const origin = new URL(page.url()).origin;
  for (let number = 1; number <= count; number++) {
    const published = await page.request.post("/api/v1/events", {
      headers: { origin },
      data: { type: "nfe.authorized", data: { ...example, number: String(number) } },
    });
    expect(published.status(), await published.text()).toBe(202);
  }
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** The element's box lies inside the viewport: nothing cut, no sideways scroll needed. */
async function expectOnScreen(page: Page, locator: ReturnType<Page["locator"]>) {
  const box = (await locator.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test.describe("at 1366×900", () => {
  test.use({ viewport: DESKTOP });

  test("the summary with the last error is on the first screen, then 10 deliveries, tabs by keyboard and URL", async ({
    page,
  }, testInfo) => {
    await signUp(page, { organization: "Página do Webhook LTDA" });
    const { event_types, groups } = await catalog(page);
    const nfe = groups.find((g) => g.id === "nfe")!.event_types;
    const nfce = groups.find((g) => g.id === "nfce")!.event_types;
    const id = await createWebhook(page, { url: `${receiver.url}/erp`, event_types: [...nfe, ...nfce] });
    await publish(page, event_types.find((e) => e.name === "nfe.authorized")!.example, 11);
    // WEBHOOK_RETRY_SCHEDULE=1,2,2,2: each delivery has its 5 attempts in about 7 s
    await expect.poll(() => receiver.events().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(11 * 2);

    await page.goto(`/account/webhooks/${id}`);
    const summary = page.getByRole("region", { name: "Resumo" });
    await expect(summary).toContainText("Falhando");
    await expect(summary).toContainText(/\d+ falhas seguidas, a primeira há /);
    await expect(summary.getByText("0%", { exact: true })).toBeVisible();
    const lastError = summary.getByRole("heading", { name: "Último erro" }).locator("xpath=..");
    await expect(lastError).toContainText("O receptor respondeu com status 500.");
    await expect(lastError.locator("time").first()).toBeVisible();
    await expect(summary).toContainText("Corrija o receptor: as entregas continuam sendo repetidas automaticamente.");
    await expectOnScreen(page, lastError);
    await expectOnScreen(page, summary.getByRole("link", { name: "Ver entregas" }));
    testInfo.annotations.push({ type: "last error (y, px from top at 1366×900)", description: String((await lastError.boundingBox())!.y) });

    const recent = page.getByRole("list", { name: "Últimas entregas, da mais recente para a mais antiga" });
    await expect(recent.getByRole("listitem")).toHaveCount(10);
    await expect(recent.getByRole("listitem").first()).toContainText("HTTP 500");
    await screenshot(page, testInfo, "webhook-page-1366");

    // tabs: arrows move between them, Enter opens one (its own URL); Back returns to the previous tab
    const tabs = page.getByRole("tablist", { name: "Seções do webhook" });
    const overview = tabs.getByRole("tab", { name: "Visão geral" });
    await expect(overview).toHaveAttribute("aria-selected", "true");
    await overview.focus();
    await page.keyboard.press("ArrowRight");
    await expect(tabs.getByRole("tab", { name: "Entregas" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\?tab=entregas$/);
    await expect(tabs.getByRole("tab", { name: "Entregas" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: "Entregas" }).getByRole("searchbox", { name: "Buscar" })).toBeVisible();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\?tab=configuracoes$/);
    const settings = page.getByRole("tabpanel", { name: "Configurações" }).getByRole("region", { name: "Configuração" });
    await expect(settings).toContainText("NF-e 10/10");
    await expect(settings).toContainText("NFC-e 9/9");
    await expect(settings.getByText("nfe.authorized", { exact: true })).toHaveCount(0); // whole groups: no list of names
    // the retries in force: the server's WEBHOOK_RETRY_SCHEDULE, not the default preset's text
    await expect(settings).toContainText("mais 4 tentativas, com intervalos de 1 s, 2 s, 2 s, 2 s");
    await expect(settings).toContainText("WEBHOOK_RETRY_SCHEDULE");
    await expect(settings).not.toContainText("30 min");
    await page.goBack();
    await expect(page).toHaveURL(/\?tab=entregas$/);
    await expect(tabs.getByRole("tab", { name: "Entregas" })).toHaveAttribute("aria-selected", "true");
    await page.goto(`/account/webhooks/${id}?tab=configuracoes`);
    await expect(tabs.getByRole("tab", { name: "Configurações" })).toHaveAttribute("aria-selected", "true");
    await screenshot(page, testInfo, "webhook-settings-1366");

    // one rotation message, with the overlap chosen in the same step
    const secret = page.getByRole("region", { name: "Segredo de assinatura" });
    await secret.getByRole("button", { name: "Rotacionar segredo" }).click();
    const rotate = secret.getByRole("group", { name: "Rotacionar segredo" });
    await expect(rotate.getByRole("radio", { name: /^Por 24 horas/ })).toBeChecked();
    await rotate.getByRole("radio", { name: /^Parar agora/ }).check();
    await rotate.getByRole("button", { name: "Confirmar" }).click();
    await expect(secret.getByRole("status")).toHaveText(
      "Novo segredo gerado. O segredo anterior deixou de valer: as requisições já levam só a nova assinatura.",
    );
    await expect(secret.getByRole("status")).toHaveCount(1);
    const revealed = await (await page.request.get(`/api/v1/webhooks/${id}/secret`)).json();
    expect(revealed).toMatchObject({ previous_secret: null, previous_secret_expires_at: null });

    // the timeline: each attempt after the first says how long after the previous one it came
    await page.goto(`/account/webhooks/${id}`);
    await page.getByRole("link", { name: /^Ver a entrega \(nfe\.authorized, tentativa \d\)$/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Entrega de nfe.authorized" })).toBeVisible();
    await expect(page.getByRole("region", { name: /tentativas$/ })).toContainText("com intervalos de 1 s, 2 s, 2 s, 2 s");
    const second = page.getByRole("article", { name: "Tentativa 2 · Automática" });
    await expect(second.getByRole("definition").filter({ hasText: /^\+[\d,]+ (ms|s) depois da tentativa 1$/ })).toBeVisible();
    await second.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, "delivery-timeline-1366");
  });
});

test.describe("on a 390×844 phone", () => {
  test.use({ viewport: PHONE });

  test("/account shows webhooks as cards with their status on screen; the webhook page and its empty chart fit", async ({
    page,
  }, testInfo) => {
    await signUp(page, { organization: "Celular Fiscal ME" });
    const id = await createWebhook(page, { url: `${receiver.url}/${"caminho-longo/".repeat(6)}notas`, description: "ERP no celular" });

    await page.goto("/account");
    const card = page.getByTestId("webhook-card");
    await expect(card).toHaveCount(1);
    await expect(page.getByRole("table")).toBeHidden();
    const status = card.getByText("Ativo").first();
    await status.scrollIntoViewIfNeeded();
    await expect(status).toBeVisible();
    const box = (await status.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await expectNoSidewaysScroll(page);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, "account-cards-390");

    await card.getByRole("link", { name: /\/notas$/ }).click();
    const summary = page.getByRole("region", { name: "Resumo" });
    await expect(summary).toContainText("Ativo");
    await expect(summary).toContainText("Nenhuma falha nos últimos 7 dias.");
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, "webhook-page-390");

    // nothing delivered yet: the chart says so, and keeps its scale
    const chart = page.getByRole("figure", { name: "Tentativas por hora nas últimas 24 horas" });
    await expect(chart).toContainText("Nenhuma entrega nas últimas 24 h");
    await expect(chart).toContainText("agora");
    await expect(chart.getByText("0", { exact: true })).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, "empty-chart-390");

    await page.getByRole("tab", { name: "Configurações" }).click();
    await expect(page).toHaveURL(new RegExp(`/account/webhooks/${id}\\?tab=configuracoes$`));
    await expect(page.getByRole("region", { name: "Configuração" })).toContainText(
      "Todos os eventos, inclusive os tipos que forem criados no futuro",
    );
    await expectNoSidewaysScroll(page);
  });
});
