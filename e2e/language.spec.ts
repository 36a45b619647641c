// Portuguese everywhere: the main pages and their error states in pt-BR show no English (zod's,
// the browser's or the API's) and no regex; a first visit in an English browser gets English, with
// no Portuguese left in its error states.
import { expect, test, type Page } from "@playwright/test";
import { openAdvancedOptions, openNewWebhookForm, signUp, uniqueEmail } from "./helpers";
import { getEventType } from "@/lib/webhooks/catalog";
import { matches, NOT_ENGLISH, NOT_PORTUGUESE } from "@/test/language";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

let ok: Receiver;
let failing: Receiver;

test.beforeAll(async () => {
  ok = await startReceiver((request, res) => answer(request.type === "webhook.test" ? 200 : 500, "fora do ar")(request, res));
  failing = await startReceiver(answer(500, "erro interno do receptor"));
});
test.afterAll(() => Promise.all([ok.close(), failing.close()]));

/**
 * What a person reads on the page now, in `language`: visible text and the names and hints in
 * attributes. Text marked as another language (lang="en" in a pt-BR page: the event catalog's English
 * descriptions, the OpenAPI reference drawn by Swagger UI) is left out.
 */
function pageText(page: Page, language: "pt" | "en"): Promise<string> {
  return page.evaluate((language) => {
    const skipped = (node: Element) =>
      !node.closest("[lang]")?.getAttribute("lang")?.startsWith(language) || Boolean(node.closest(".swagger-ui, script, style, template"));
    const texts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // a closed select's options have no box, yet they are read
      const shown = parent && (parent.closest("select") || parent.checkVisibility({ visibilityProperty: true }));
      if (parent && shown && !skipped(parent)) texts.push(node.textContent ?? "");
    }
    for (const element of document.body.querySelectorAll("[aria-label], [placeholder], [title], [alt]")) {
      if (skipped(element)) continue;
      for (const name of ["aria-label", "placeholder", "title", "alt"]) texts.push(element.getAttribute(name) ?? "");
    }
    return texts.join("\n");
  }, language);
}

async function expectPortuguese(page: Page, state: string) {
  expect(matches(NOT_PORTUGUESE, await pageText(page, "pt")), state).toEqual([]);
}

async function expectEnglish(page: Page, state: string) {
  expect(matches(NOT_ENGLISH, await pageText(page, "en")), state).toEqual([]);
}

const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

test("pt-BR pages and their error states show no English and no regex", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(page.getByText("Campo obrigatório.")).toHaveCount(2);
  await expectPortuguese(page, "sign-in, blank");
  await page.getByLabel("E-mail").fill("ninguem@example.com");
  await page.getByLabel("Senha").fill("senha-errada-123");
  await page.getByRole("button", { name: "Entrar", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "E-mail ou senha incorretos." })).toBeVisible();
  await expectPortuguese(page, "sign-in, wrong password");

  await page.goto("/sign-up");
  await page.getByLabel("E-mail").fill("maria@");
  await page.getByLabel("Senha").fill("curta");
  await page.getByRole("button", { name: "Criar conta", exact: true }).click();
  await expect(page.getByText("Informe um e-mail válido.")).toBeVisible();
  await expect(page.getByText("A senha precisa ter pelo menos 8 caracteres.")).toBeVisible();
  await expectPortuguese(page, "sign-up, with errors");

  await signUp(page, { organization: "Empório Língua Portuguesa LTDA" });
  await expectPortuguese(page, "/account");

  await openNewWebhookForm(page);
  await page.getByRole("textbox", { name: "URL", exact: true }).fill("ftp://exemplo.com.br");
  await page.getByLabel("Escolher eventos").check();
  await openAdvancedOptions(page);
  await page.getByLabel("CNPJ", { exact: true }).fill("11.111.111/1111-11");
  await page.getByRole("button", { name: "Adicionar CNPJ", exact: true }).click();
  await expect(page.getByText("CNPJ inválido: confira os dígitos verificadores.")).toBeVisible();
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(page.getByText("Informe uma URL que comece com http:// ou https://.")).toBeVisible();
  await expect(page.getByText('Marque pelo menos um evento ou escolha "Todos os eventos".')).toBeVisible();
  await expectPortuguese(page, "add form, bad URL, no events, bad CNPJ");

  await page.getByLabel("Todos os eventos", { exact: true }).check();
  await page.getByLabel("CNPJ", { exact: true }).fill("");
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(failing.url);
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  const failure = page.getByRole("region", { name: "A URL não passou no teste" });
  await expect(failure.getByText("HTTP 500: resposta fora da faixa 2xx.")).toBeVisible();
  await expectPortuguese(page, "add form, test request answered 500");

  await page.getByRole("textbox", { name: "URL", exact: true }).fill("http://127.0.0.1:9/nada");
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(failure.getByText("Conexão recusada: nada atende nesse endereço e porta (ECONNREFUSED).")).toBeVisible();
  await expectPortuguese(page, "add form, test request refused");

  await page.getByRole("textbox", { name: "URL", exact: true }).fill(ok.url);
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const webhookPath = new URL(page.url()).pathname;
  const data = getEventType("nfe.authorized")!.example;
  const published = await page.request.post("/api/v1/events", {
    headers: { origin: baseURL! },
    data: { type: "nfe.authorized", environment: "producao", data },
  });
  expect(published.status()).toBe(202);
  await expectPortuguese(page, "webhook page");

  await page.goto(`${webhookPath}/deliveries`);
  await expect(page.getByRole("row").filter({ hasText: "HTTP 500" }).first()).toBeVisible();
  await expectPortuguese(page, "delivery log");
  const search = page.getByRole("searchbox", { name: "Buscar" });
  await search.fill("3526 0412 3456 7800 0195 5500 1000 0042 4210 0000 424");
  await search.press("Enter");
  await expect(page.getByText(/^Termo não reconhecido/)).toBeVisible();
  await expectPortuguese(page, "delivery log, invalid access key");
  await page.goto(`${webhookPath}/deliveries?from=ontem`);
  await expect(heading(page, "Log de entregas")).toBeVisible();
  await expectPortuguese(page, "delivery log, invalid date in the URL");

  await page.goto(`${webhookPath}/deliveries`);
  await page.getByRole("link", { name: "nfe.authorized", exact: true }).first().click();
  await expect(heading(page, "Entrega de nfe.authorized")).toBeVisible();
  await expect(page.getByRole("article").first()).toBeVisible();
  await expectPortuguese(page, "delivery detail");

  await page.goto("/account/events");
  await expect(page.getByRole("link", { name: "nfe.authorized", exact: true }).first()).toBeVisible();
  await expectPortuguese(page, "events");

  await page.goto("/account/simulator");
  const dataField = page.getByLabel("Dados (JSON)");
  await dataField.fill(JSON.stringify({ ...data, access_key: "123", protocol: "12", items: [{ cfop: "51" }] }, null, 2));
  await page.getByLabel("Ambiente", { exact: true }).selectOption("producao");
  await page.getByRole("button", { name: "Publicar", exact: true }).click();
  await expect(page.getByText("data.access_key: Chave de acesso: 44 dígitos.")).toBeVisible();
  await expect(page.getByText("data.protocol: Protocolo da SEFAZ: 15 dígitos.")).toBeVisible();
  await expect(page.getByText("data.items.0.cfop: CFOP: 4 dígitos.")).toBeVisible();
  await expectPortuguese(page, "simulator, invalid data");
  await dataField.fill('{\n  "access_key": "1"\n  "number": 2\n}');
  await page.getByRole("button", { name: "Publicar", exact: true }).click();
  await expect(page.getByText("JSON inválido perto da linha 3, coluna 3: confira vírgulas, aspas e chaves.")).toBeVisible();
  await expectPortuguese(page, "simulator, invalid JSON");

  await page.goto("/account/notifications");
  await expect(heading(page, "Notificações")).toBeVisible();
  await expectPortuguese(page, "notifications");

  await page.goto("/docs");
  await expect(heading(page, "Referência da API")).toBeVisible();
  await expect(page.locator(".swagger-ui .opblock").first()).toBeVisible();
  await expectPortuguese(page, "API reference (the OpenAPI document drawn by Swagger UI is in English, marked lang=en)");
  await page.goto("/docs/events");
  await expect(heading(page, "Catálogo de eventos")).toBeVisible();
  await expectPortuguese(page, "event catalog");

  await page.goto("/nao-existe");
  await expect(page.getByText("Página não encontrada.")).toBeVisible();
  await expectPortuguese(page, "404");
});

test.describe("a first visit from an English browser", () => {
  test.use({ locale: "en-US" });

  test("gets English (Accept-Language), with no Portuguese in its error states", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(heading(page, "Sign in")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Language" })).toHaveValue("en");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Required.")).toHaveCount(2);
    await expectEnglish(page, "sign-in, blank");

    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Mary Smith");
    await page.getByLabel("E-mail").fill(uniqueEmail("english"));
    await page.getByLabel("Password").fill("a-safe-password-123");
    await page.getByLabel("Organization").fill("Corner Bakery Ltd");
    await page.getByRole("button", { name: "Create account", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);

    await page.goto("/account/webhooks/new");
    await page.getByRole("textbox", { name: "URL", exact: true }).fill(failing.url);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("HTTP 500: not a 2xx answer.")).toBeVisible();
    await expectEnglish(page, "add form, test request answered 500");

    await page.goto("/docs");
    await expect(heading(page, "API reference")).toBeVisible();
    await expectEnglish(page, "API reference");
    await page.goto("/docs/events");
    await expect(heading(page, "Event catalog")).toBeVisible();
    await expectEnglish(page, "event catalog");

    await page.goto("/nowhere");
    await expect(page.getByText("Page not found.")).toBeVisible();
    await expectEnglish(page, "404");
  });

  test("keeps the language the person chose over the browser's", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("combobox", { name: "Language" }).selectOption("pt-BR");
    await expect(heading(page, "Entrar")).toBeVisible();
    await page.reload();
    await expect(heading(page, "Entrar")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
  });
});

test.describe("a first visit from a browser in another language", () => {
  test.use({ locale: "fr-FR" });

  test("gets pt-BR", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
    await expect(heading(page, "Entrar")).toBeVisible();
  });
});
