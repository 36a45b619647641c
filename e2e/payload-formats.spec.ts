// "Formato do payload" on the webhook form: the live example in the chosen format, the body a
// receiver then gets for a real event, and the delivery page showing that same body and its format;
// "Ocultar dados pessoais" removing the recipient's CPF and e-mail before the body is signed; Cobrato's
// secret asked for, then sent in its header.
import { expect, test, type Page } from "@playwright/test";
import { openAdvancedOptions, openNewWebhookForm, signUp } from "./helpers";
import { getEventType } from "@/lib/webhooks/catalog";
import { startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
test.afterAll(() => Promise.all(receivers.map((r) => r.close())));

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

/** Saves the form and opens the new webhook's "Configurações" tab, where its settings are. */
async function saveWebhook(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;
  await page.getByRole("tab", { name: "Configurações" }).click();
  return id;
}

async function publish(page: Page, origin: string, type: string, data: unknown) {
  const response = await page.request.post("/api/v1/events", { headers: { origin }, data: { type, environment: "producao", data } });
  expect(response.status(), await response.text()).toBe(202);
}

/** The webhook's only delivery, opened from its page. */
async function openOnlyDelivery(page: Page, webhookId: string) {
  const listed = await (await page.request.get(`/api/v1/webhooks/${webhookId}/deliveries`)).json();
  expect(listed.deliveries).toHaveLength(1);
  await page.goto(`/account/deliveries/${listed.deliveries[0].id}`);
  return page.getByRole("region", { name: "Payload" });
}

const pretty = (body: string) => JSON.stringify(JSON.parse(body), null, 2);

test("an Emites webhook: the form's live example, the body its receiver gets and the delivery page agree", async ({ page, baseURL }) => {
  const emites = await receiver();
  await signUp(page, { organization: "Atacado Emites Migração LTDA" });
  await openNewWebhookForm(page);
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(emites.url);
  await openAdvancedOptions(page);
  const format = page.getByLabel("Formato do payload", { exact: true });
  await expect(format).toHaveValue("standard");
  await expect(page.getByLabel("Exemplo do corpo (nfe.authorized)")).toContainText('"type": "nfe.authorized"');

  await format.selectOption("emites");
  const example = page.getByLabel("Exemplo do corpo (nfe.authorized)");
  await expect(example).toContainText('"event": "succeeded"');
  await expect(example).toContainText('"object_type": "NFe"');
  await expect(
    page.getByText(/^Este formato não expressa: .*nfse\.authorized.*: esses eventos não serão enviados a este webhook\.$/),
  ).toBeVisible();
  await expect(page.getByLabel("Segredo do Cobrato")).toHaveCount(0);
  const id = await saveWebhook(page);

  const settings = page.getByRole("region", { name: "Configuração" });
  await expect(settings.getByRole("definition").filter({ hasText: /^Emites$/ })).toBeVisible();
  await expect(settings.getByRole("definition").filter({ hasText: "Enviados como publicados" })).toBeVisible();
  const saved = await (await page.request.get(`/api/v1/webhooks/${id}`)).json();
  expect(saved.webhook).toMatchObject({ payload_format: "emites", redact_personal: false });

  await publish(page, baseURL!, "nfse.authorized", getEventType("nfse.authorized")!.example); // Emites has no NFS-e: not sent
  await publish(page, baseURL!, "nfe.authorized", getEventType("nfe.authorized")!.example);
  await expect.poll(() => emites.events().length).toBe(1);
  const received = emites.events()[0]!;
  expect(JSON.parse(received.body)).toEqual({ object_type: "NFe", object_id: 4242, organization_id: 1, event: "succeeded" });

  const payload = await openOnlyDelivery(page, id);
  await expect(payload).toContainText("Formato: Emites");
  await expect(payload.getByLabel("Corpo enviado em todas as tentativas (JSON)")).toHaveText(pretty(received.body));
});

test("'Ocultar dados pessoais': the example, the received body and the delivery page have no recipient CPF or e-mail", async ({
  page,
  baseURL,
}) => {
  const lgpd = await receiver();
  await signUp(page, { organization: "Supermercado Privacidade LTDA" });
  await openNewWebhookForm(page);
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(lgpd.url);
  await page.getByRole("radio", { name: "Escolher eventos", exact: true }).check();
  await page.getByRole("checkbox", { name: "nfce.authorized", exact: true }).check();
  await openAdvancedOptions(page);
  const example = page.getByLabel("Exemplo do corpo (nfce.authorized)");
  await expect(example).toContainText('"cpf": "12345678909"');

  const redact = page.getByRole("checkbox", { name: "Ocultar dados pessoais", exact: true });
  await expect(redact).toHaveAccessibleDescription("Remove CPF, e-mail, telefone e endereço do destinatário antes de assinar (LGPD).");
  await redact.check();
  await expect(example).not.toContainText("12345678909");
  await expect(example).toContainText('"name": "Consumidor identificado"');
  const id = await saveWebhook(page);
  await expect(
    page
      .getByRole("region", { name: "Configuração" })
      .getByRole("definition")
      .filter({ hasText: /^Ocultos/ }),
  ).toBeVisible();

  const data = getEventType("nfce.authorized")!.example as { recipient: Record<string, unknown> };
  const recipient = { ...data.recipient, cpf: "52998224725", email: "consumidor@example.com" };
  await publish(page, baseURL!, "nfce.authorized", { ...data, recipient });
  await expect.poll(() => lgpd.events().length).toBe(1);
  const received = lgpd.events()[0]!;
  const body = JSON.parse(received.body);
  expect(body).toMatchObject({ type: "nfce.authorized", data: { recipient: { name: "Consumidor identificado" } } });
  expect(body.data.recipient).not.toHaveProperty("cpf");
  expect(received.body).not.toContain("52998224725");
  expect(received.body).not.toContain("consumidor@example.com");

  const payload = await openOnlyDelivery(page, id);
  await expect(payload).toContainText("dados pessoais ocultos");
  await expect(payload.getByLabel("Corpo enviado em todas as tentativas (JSON)")).toHaveText(pretty(received.body));
});

test('a Cobrato webhook asks for its secret, which goes in its header with the {"test": true} request', async ({ page }) => {
  const cobrato = await receiver();
  await signUp(page, { organization: "Cobranças Migradas LTDA" });
  await openNewWebhookForm(page);
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(cobrato.url);
  await openAdvancedOptions(page);
  await page.getByLabel("Formato do payload", { exact: true }).selectOption("cobrato");
  const secret = page.getByLabel("Segredo do Cobrato", { exact: true });
  await expect(secret).toHaveAttribute("type", "password");
  await expect(page.getByLabel("Cabeçalho do segredo", { exact: true })).toHaveAttribute("placeholder", "X-Cobrato-Secret");

  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(secret).toHaveAccessibleDescription(/Campo obrigatório\./);
  await expect(secret).toBeFocused();
  expect(cobrato.requests).toHaveLength(0);

  await secret.fill("segredo-do-cobrato-123");
  await saveWebhook(page);
  expect(cobrato.requests).toHaveLength(1);
  expect(JSON.parse(cobrato.requests[0]!.body)).toEqual({ test: true });
  expect(cobrato.requests[0]!.headers["x-cobrato-secret"]).toBe("segredo-do-cobrato-123");
  await expect(
    page
      .getByRole("region", { name: "Configuração" })
      .getByRole("definition")
      .filter({ hasText: /^Cobrato$/ }),
  ).toBeVisible();
});
