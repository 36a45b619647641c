// Environments and per-invoice ordering in the dashboard: the "Ambiente do painel" switch (a cookie,
// HOMOLOGAÇÃO announced on every account page), webhook lists and event lists of one environment, a
// webhook saved in homologação with "Entregar na ordem de cada nota", the simulator publishing in
// homologação by default, and what SEFAZ answered (cStat/xMotivo/nProt) in the log and on the
// delivery page, in Brasília time whatever the browser's time zone.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { openAdvancedOptions, openNewWebhookForm, signUp, webhooksSection } from "./helpers";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

// far from Brasília: a time shown in the browser's zone would not match
test.use({ timezoneId: "Asia/Tokyo" });

let receiver: Receiver;

test.beforeAll(async () => {
  receiver = await startReceiver(answer(200));
});

test.afterAll(async () => {
  await receiver.close();
});

const environmentSwitch = (page: Page) => page.getByLabel("Ambiente do painel", { exact: true });
const homologationBanner = (page: Page) => page.getByRole("status").filter({ hasText: "HOMOLOGAÇÃO" });

async function switchTo(page: Page, environment: "producao" | "homologacao") {
  await environmentSwitch(page).selectOption(environment);
  if (environment === "homologacao") await expect(homologationBanner(page)).toBeVisible();
  else await expect(homologationBanner(page)).toHaveCount(0);
}

/** A push webhook made over the API with the session (its test request goes to the receiver). */
async function createWebhook(request: APIRequestContext, origin: string, body: Record<string, unknown>): Promise<string> {
  const response = await request.post("/api/v1/webhooks", { headers: { origin }, data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).webhook.id;
}

/** "05/12/2026" and "11:02:03" of an instant in America/Sao_Paulo. */
function brasiliaTime(iso: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "America/Sao_Paulo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.day}/${parts.month}/${parts.year}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

test("Homologação is announced on every account page, lists only its webhooks and makes ordered webhooks of its own", async ({
  page,
  baseURL,
}) => {
  await signUp(page, { organization: "Distribuidora Serra Azul LTDA" });
  const productionUrl = `${receiver.url}/producao`;
  const homologationUrl = `${receiver.url}/homologacao`;
  await createWebhook(page.request, baseURL!, { url: productionUrl, environment: "producao" });
  await page.reload();

  const section = webhooksSection(page);
  await expect(environmentSwitch(page)).toHaveValue("producao");
  await expect(homologationBanner(page)).toHaveCount(0);
  await expect(section.getByRole("link", { name: productionUrl, exact: true })).toBeVisible();

  await switchTo(page, "homologacao");
  await expect(section.getByText("Nenhum webhook de homologação cadastrado.")).toBeVisible();
  await expect(section.getByRole("link", { name: productionUrl, exact: true })).toHaveCount(0);
  await page.reload();
  await expect(homologationBanner(page)).toBeVisible();
  await expect(environmentSwitch(page)).toHaveValue("homologacao");

  await openNewWebhookForm(page);
  await expect(homologationBanner(page)).toBeVisible();
  await expect(page.getByLabel("Ambiente", { exact: true })).toHaveValue("homologacao");
  await openAdvancedOptions(page);
  const ordered = page.getByRole("checkbox", { name: "Entregar na ordem de cada nota", exact: true });
  await expect(ordered).not.toBeChecked();
  await expect(ordered).toHaveAccessibleDescription(
    "Eventos da mesma nota (chave de acesso) são entregues um de cada vez, na ordem em que foram publicados; os de outras notas não esperam.",
  );
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(homologationUrl);
  await ordered.check();
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;

  await expect(page.getByRole("heading", { level: 1, name: homologationUrl })).toBeVisible();
  await expect(page.getByRole("main").locator("header")).toContainText("Homologação");
  await page.getByRole("tab", { name: "Configurações" }).click();
  const settings = page.getByRole("region", { name: "Configuração" });
  await expect(settings.getByRole("definition").filter({ hasText: "Na ordem de cada nota" })).toBeVisible();
  await expect(settings.getByRole("definition").filter({ hasText: /^\W*Homologação$/ })).toBeVisible();

  const saved = await page.request.get(`/api/v1/webhooks/${id}`);
  expect(saved.status()).toBe(200);
  expect((await saved.json()).webhook).toMatchObject({ url: homologationUrl, environment: "homologacao", ordering: "per_invoice" });

  await page.goto("/account");
  await expect(section.getByRole("link", { name: homologationUrl, exact: true })).toBeVisible();
  await expect(section.getByRole("link", { name: productionUrl, exact: true })).toHaveCount(0);
  await switchTo(page, "producao");
  await expect(section.getByRole("link", { name: productionUrl, exact: true })).toBeVisible();
  await expect(section.getByRole("link", { name: homologationUrl, exact: true })).toHaveCount(0);

  const listed = await page.request.get("/api/v1/webhooks?environment=homologacao");
  expect((await listed.json()).webhooks.map((w: { url: string }) => w.url)).toEqual([homologationUrl]);
});

test("the simulator publishes in homologação; a SEFAZ rejection reads '539 – Rejeição…' in the log and on the delivery page, in Brasília time", async ({
  page,
  baseURL,
}) => {
  await signUp(page, { organization: "Comercial Ipê Amarelo LTDA" });
  const webhookId = await createWebhook(page.request, baseURL!, {
    url: `${receiver.url}/sefaz`,
    environment: "homologacao",
    ordering: "per_invoice",
  });

  await page.goto("/account/simulator");
  await expect(homologationBanner(page)).toHaveCount(0); // the dashboard still shows produção
  await expect(page.getByLabel("Ambiente", { exact: true })).toHaveValue("homologacao");
  await page.getByLabel("Tipo de evento").selectOption("nfe.rejected");
  const example = JSON.parse(await page.getByLabel("Dados (JSON)").inputValue());
  await page.getByRole("button", { name: "Publicar", exact: true }).click();
  const result = page.getByRole("region", { name: "Evento publicado" });
  await expect(result).toContainText("Publicado no ambiente");
  await expect(result).toContainText("Homologação");
  await expect(result.getByText("1 entrega.")).toBeVisible();

  // the same invoice's second event, over REST with SEFAZ's own names; and one in produção
  const { status_sefaz: _code, mensagem_sefaz: _message, ...invoice } = example;
  const motive = "Rejeição: Duplicidade de NF-e com diferença na chave de acesso";
  const published = await page.request.post("/api/v1/events", {
    headers: { origin: baseURL! },
    data: {
      type: "nfe.rejected",
      environment: "homologacao",
      data: { ...invoice, cStat: "539", xMotivo: motive, nProt: "135260000000539" },
    },
  });
  expect(published.status(), await published.text()).toBe(202);
  const { event } = await published.json();
  expect(event).toMatchObject({ environment: "homologacao", sequence: 2 });
  const production = await page.request.post("/api/v1/events", {
    headers: { origin: baseURL! },
    data: { type: "nfe.authorized", environment: "producao", data: invoice },
  });
  expect(production.status()).toBe(202);

  await page.goto(`/account/webhooks/${webhookId}/deliveries`);
  // one line per delivery: SEFAZ's code in view, its text on hover and for screen readers (the event's place in its invoice too)
  const row = page.getByRole("row").filter({ hasText: "Sequência nº 2 da nota" });
  await expect(row).toContainText(`539 – ${motive}`);
  await expect(row.getByTitle(`539 – ${motive}`)).toContainText("SEFAZ 539");
  await expect(row).toContainText("Entregue");
  await expect(page.getByRole("row").filter({ hasText: "Sequência nº 1 da nota" })).toContainText("Entregue");
  await expect(page.getByRole("row").filter({ hasText: "nfe.authorized" })).toHaveCount(0);

  await row.getByRole("link", { name: "nfe.rejected", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Entrega de nfe.rejected" })).toBeVisible();
  const deliveryId = /\/account\/deliveries\/([^/?#]+)/.exec(page.url())![1]!;
  const { delivery } = await (await page.request.get(`/api/v1/deliveries/${deliveryId}`)).json();
  const created = brasiliaTime(delivery.created_at);
  const summary = page.getByRole("region", { name: "Resumo" });
  await expect(summary.getByRole("definition").filter({ hasText: `539 – ${motive}` })).toBeVisible();
  await expect(summary.getByRole("definition").filter({ hasText: "135260000000539" })).toBeVisible();
  await expect(summary.getByRole("definition").filter({ hasText: "Sequência nº 2 da nota" })).toBeVisible();
  const createdAt = summary.locator(`time[datetime="${new Date(delivery.created_at).toISOString()}"]`).first();
  await expect(createdAt).toContainText(created.date);
  await expect(createdAt).toContainText(created.time);

  await summary.getByRole("link", { name: event.id, exact: true }).click();
  const eventSummary = page.getByRole("region", { name: "Resumo" });
  await expect(eventSummary.getByRole("definition").filter({ hasText: "Sequência nº 2 da nota" })).toBeVisible();
  await expect(eventSummary.getByRole("definition").filter({ hasText: /^\W*Homologação$/ })).toBeVisible();

  // the events page lists the dashboard's environment only
  await page.goto("/account/events");
  const eventRows = (type: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: type, exact: true }) });
  await expect(eventRows("nfe.authorized")).toHaveCount(1);
  await expect(eventRows("nfe.rejected")).toHaveCount(0);
  await switchTo(page, "homologacao");
  await expect(eventRows("nfe.rejected")).toHaveCount(2);
  await expect(eventRows("nfe.authorized")).toHaveCount(0);
});

test("a token limited to homologação says so in the list", async ({ page }) => {
  await signUp(page, { organization: "Laticínios Vale Verde LTDA" });
  const tokens = page.getByRole("region", { name: "Tokens de API" });
  await tokens.getByLabel("Nome do token", { exact: true }).fill("ERP de testes");
  await tokens.getByLabel("Ambiente", { exact: true }).selectOption("homologacao");
  await tokens.getByRole("button", { name: "Criar token" }).click();
  await expect(tokens.getByTestId("new-token")).toBeVisible();
  await expect(tokens.getByRole("listitem").filter({ hasText: "ERP de testes" })).toContainText("Homologação");
  const { tokens: listed } = await (await page.request.get("/api/v1/tokens")).json();
  expect(listed).toMatchObject([{ name: "ERP de testes", environment: "homologacao" }]);
});
