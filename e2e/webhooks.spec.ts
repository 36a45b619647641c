// Adding, testing, re-keying and deleting a webhook from the account screen, against receivers
// started in this process on 127.0.0.1.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { openNewWebhookForm, signUp, webhooksSection } from "./helpers";
import { answer, signatures, startReceiver, type ReceivedRequest, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
test.afterAll(() => Promise.all(receivers.map((r) => r.close())));

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

/** Standard Webhooks verification of one request with one secret (any of its signatures may match). */
function signedWith(secret: string, request: ReceivedRequest): boolean {
  const headers = Object.fromEntries(
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(request.headers[name])]),
  );
  try {
    new Webhook(secret).verify(request.body, headers);
    return true;
  } catch {
    return false;
  }
}

/** "Adicionar webhook" is the section's last control and comes after `list` (the table or its empty state). */
async function expectAddButtonAfter(section: Locator, list: Locator) {
  await expect(section.getByRole("button", { name: "Adicionar webhook", exact: true })).toBeVisible();
  await expect(section.locator("a, button, input, select, textarea").last()).toHaveText("Adicionar webhook");
  const buttonFollowsList = await list.evaluate((node) => {
    const controls = node.closest("section")!.querySelectorAll("a, button");
    return Boolean(node.compareDocumentPosition(controls[controls.length - 1]!) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(buttonFollowsList, "the webhook list comes before the button").toBe(true);
}

const urlField = (page: Page) => page.getByRole("textbox", { name: "URL", exact: true });
const save = (page: Page) => page.getByRole("button", { name: "Salvar", exact: true });

test("an owner adds a webhook from the account screen, rotates its secret, sends a test and deletes it", async ({ page }) => {
  const hook = await receiver();
  await signUp(page, { organization: "Distribuidora Aurora LTDA" });
  const section = webhooksSection(page);
  await expectAddButtonAfter(section, section.getByText("Nenhum webhook cadastrado."));

  await openNewWebhookForm(page);
  await urlField(page).fill(hook.url);
  await save(page).click();

  await expect(page).toHaveURL(/\/account\/webhooks\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(hook.url);
  await expect(page.getByRole("status").filter({ hasText: "Webhook criado. A URL respondeu à requisição de teste" })).toBeVisible();
  expect(hook.requests).toHaveLength(1);
  const [ping] = hook.pings();
  expect(JSON.parse(ping!.body)).toMatchObject({ type: "webhook.test", data: { test: true } });
  expect(signatures(ping!)).toHaveLength(1);

  // the secret and "Excluir" are on the "Configurações" tab; "Enviar teste" on "Visão geral"
  const tab = (name: string) => page.getByRole("tablist", { name: "Seções do webhook" }).getByRole("tab", { name, exact: true });
  await tab("Configurações").click();
  const secretPanel = page.getByRole("region", { name: "Segredo de assinatura" });
  const secret = secretPanel.getByTestId("webhook-secret");
  await expect(secret).not.toHaveText(/^whsec_[A-Za-z0-9+/]/);
  await secretPanel.getByRole("button", { name: "Revelar", exact: true }).click();
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/]+=*$/);
  const firstSecret = (await secret.textContent())!;
  expect(signedWith(firstSecret, ping!), "the creation ping is signed with the secret shown").toBe(true);

  await secretPanel.getByRole("button", { name: "Rotacionar segredo", exact: true }).click();
  const rotation = secretPanel.getByRole("group", { name: "Rotacionar segredo" });
  await expect(rotation.getByRole("radio", { name: /^Por 24 horas/ })).toBeChecked();
  await rotation.getByRole("button", { name: "Confirmar", exact: true }).click();
  await expect(secretPanel.getByRole("status").filter({ hasText: "Novo segredo gerado." })).toBeVisible();
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/]+=*$/);
  await expect(secret).not.toHaveText(firstSecret);
  const secondSecret = (await secret.textContent())!;
  await expect(secretPanel.getByText("Segredo anterior:").locator("xpath=..").getByText(firstSecret, { exact: true })).toBeVisible();

  await tab("Visão geral").click();
  const testSection = page.getByRole("region", { name: "Enviar teste" });
  await testSection.getByRole("button", { name: "Enviar teste", exact: true }).click();
  await expect(testSection.getByText(/^Sucesso\. A URL respondeu HTTP 200 em \d+ ms\.$/)).toBeVisible();
  expect(hook.pings()).toHaveLength(2);
  const secondPing = hook.pings()[1]!;
  const sent = signatures(secondPing);
  expect(sent, "both secrets sign while the old one is still valid").toHaveLength(2);
  for (const signature of sent) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  expect(signedWith(secondSecret, secondPing)).toBe(true);
  expect(signedWith(firstSecret, secondPing)).toBe(true);

  await tab("Configurações").click();
  const deleteSection = page.getByRole("region", { name: "Excluir webhook" });
  await deleteSection.getByRole("button", { name: "Excluir", exact: true }).click();
  await deleteSection.getByRole("button", { name: "Confirmar", exact: true }).click();
  await expect(page).toHaveURL(/\/account(#webhooks)?$/);
  await expect(section.getByRole("status").filter({ hasText: "Webhook excluído." })).toBeVisible();
  await expect(section.getByText("Nenhum webhook cadastrado.")).toBeVisible();
  await expect(section.getByRole("link", { name: hook.url })).toHaveCount(0);
});

test("a URL answering HTTP 500 to the test is explained, and can be saved anyway", async ({ page }) => {
  const broken = await receiver(answer(500, "erro interno do ERP"));
  await signUp(page, { organization: "Oficina Boa Vista ME" });
  await openNewWebhookForm(page);
  await urlField(page).fill(broken.url);
  await save(page).click();

  const failure = page.getByRole("region", { name: "A URL não passou no teste" });
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("O servidor respondeu HTTP 500, mas esperávamos um código 2xx (200 a 299).");
  await expect(failure.getByRole("definition").filter({ hasText: /HTTP 500$/ })).toBeVisible();
  await expect(failure.getByLabel("Corpo da resposta")).toHaveText("erro interno do ERP");
  await expect(page.getByText("A requisição de teste falhou. Veja os detalhes abaixo.")).toBeVisible();
  await expect(page).toHaveURL(/\/account\/webhooks\/new$/);
  expect(broken.pings()).toHaveLength(1);

  await failure.getByRole("button", { name: "Salvar mesmo assim", exact: true }).click();
  await expect(page).toHaveURL(/\/account\/webhooks\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(broken.url);
  await expect(page.getByRole("status").filter({ hasText: "Webhook salvo sem verificação da URL." })).toBeVisible();

  await page.getByRole("link", { name: "← Voltar para a conta" }).click();
  const section = webhooksSection(page);
  await expect(section.getByRole("link", { name: broken.url, exact: true })).toBeVisible();
  await expectAddButtonAfter(section, section.getByRole("table"));
});

test("a webhook subscribed to nfe.authorized only keeps exactly that choice", async ({ page }) => {
  const hook = await receiver();
  await signUp(page, { organization: "Farmácia Santa Clara LTDA" });
  await openNewWebhookForm(page);
  await urlField(page).fill(hook.url);
  await expect(page.getByRole("radio", { name: "Todos os eventos", exact: true })).toBeChecked();
  await page.getByRole("radio", { name: "Escolher eventos", exact: true }).check();
  await page.getByRole("checkbox", { name: "nfe.authorized", exact: true }).check();
  await expect(page.getByText("1 evento marcado.")).toBeVisible();
  await save(page).click();

  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  await page.getByRole("tab", { name: "Configurações" }).click();
  const settings = page.getByRole("region", { name: "Configuração" });
  await expect(settings).toContainText("NF-e 1/10");
  await expect(settings.getByText("nfe.authorized", { exact: true })).toBeVisible();
  await expect(settings.getByText("Todos os eventos")).toHaveCount(0);

  const response = await page.request.get("/api/v1/webhooks");
  expect(response.status()).toBe(200);
  const { webhooks } = await response.json();
  expect(webhooks).toHaveLength(1);
  expect(webhooks[0]).toMatchObject({ url: hook.url, event_types: ["nfe.authorized"] });

  await page.getByRole("button", { name: "Editar", exact: true }).click();
  const editor = page.getByRole("region", { name: "Editar webhook" });
  await expect(editor.getByRole("radio", { name: "Escolher eventos", exact: true })).toBeChecked();
  await expect(editor.getByRole("checkbox", { name: "nfe.authorized", exact: true })).toBeChecked();
  await expect(editor.getByRole("checkbox", { name: "nfe.cancelled", exact: true })).not.toBeChecked();
});
