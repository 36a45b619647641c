// Polling webhooks, for receivers without a public URL: added from the dashboard (no URL, no test
// request, how to read the feed), then an ERP's loop over the API — publish, read the feed (long
// poll), verify the signature, acknowledge — seen in the dashboard as "aguardando consulta",
// "consultado" and "Entregue".
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { openAdvancedOptions, openNewWebhookForm, signUp } from "./helpers";
import { typedApi } from "./typed-api";

interface FeedMessage {
  cursor: string;
  webhook_id: string;
  type: string;
  timestamp: string;
  body: string;
  webhook_signature: string;
  headers: Record<string, string>;
  status: string;
}
interface Feed {
  messages: FeedMessage[];
  next_cursor: string;
  acked_cursor: string | null;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** An API token of the signed-in user's organization, made with the dashboard's session. */
async function createToken(page: Page, origin: string, name: string, scope: "publish" | "read"): Promise<string> {
  const response = await page.request.post("/api/v1/tokens", { headers: { origin }, data: { name, scope } });
  expect(response.status(), await response.text()).toBe(201);
  const { secret } = await response.json();
  expect(secret).toMatch(/^nfe_/);
  return secret;
}

/** The catalog's example data of an event type. */
async function exampleOf(page: Page, type: string): Promise<Record<string, unknown>> {
  const catalog = await (await page.request.get("/api/v1/event-types")).json();
  const example = catalog.event_types.find((e: { name: string }) => e.name === type)?.example;
  expect(example, `catalog example of ${type}`).toBeTruthy();
  return example;
}

/** msg_0190…ab → the delivery's uuid, 0190…-…-ab */
const deliveryIdOf = (webhookId: string) =>
  webhookId.replace(/^msg_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/, "$1-$2-$3-$4-$5");

test("a polling webhook is added from the dashboard for some events: no URL, no test request, how to read the feed", async ({ page }) => {
  await signUp(page, { organization: "Comercial Sem Porta LTDA" });
  await openNewWebhookForm(page);

  const kind = page.getByRole("group", { name: "Como o seu sistema recebe os eventos", exact: true });
  const push = kind.getByRole("radio", { name: "Por POST na URL do meu sistema" });
  const polling = kind.getByRole("radio", { name: "Receber por consulta (sem URL pública)" });
  const url = page.getByRole("textbox", { name: "URL", exact: true });
  await expect(push).toBeChecked();
  await expect(url).toBeVisible();
  await openAdvancedOptions(page);
  await expect(page.getByRole("combobox", { name: "Novas tentativas" })).toBeVisible();
  await expect(page.getByText("Ao salvar, enviamos uma requisição de teste (webhook.test) para a URL.", { exact: true })).toBeVisible();

  // a radio group is chosen with the arrow keys
  await push.focus();
  await page.keyboard.press("ArrowDown");
  await expect(polling).toBeChecked();
  await expect(polling).toBeFocused();
  await expect(url).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Novas tentativas" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Adicionar cabeçalho" })).toHaveCount(0);
  await expect(page.getByText("Ao salvar, enviamos uma requisição de teste (webhook.test) para a URL.", { exact: true })).toHaveCount(0);

  await page.getByLabel("Descrição").fill("ERP na rede interna");
  const allEvents = page.getByRole("radio", { name: "Todos os eventos", exact: true });
  await expect(allEvents).toBeChecked();
  await page.getByRole("radio", { name: "Escolher eventos", exact: true }).check();
  await page.getByRole("checkbox", { name: "nfe.authorized", exact: true }).check();
  await expect(allEvents).not.toBeChecked();
  await expect(page.getByText("1 evento marcado.")).toBeVisible();
  await page.getByRole("button", { name: "Salvar", exact: true }).click();

  await expect(
    page.getByRole("status").filter({ hasText: "Webhook por consulta criado. O seu sistema já pode ler o feed." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/account\/webhooks\/[^/?#]+$/); // the notice's ?created=polling is dropped
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Por consulta (sem URL pública)");

  const feedHelp = page.getByRole("region", { name: "Como ler os eventos (feed)", exact: true });
  await expect(feedHelp).toBeVisible();
  await expect(feedHelp).toContainText(`curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:`);
  await expect(feedHelp).toContainText(`/api/v1/webhooks/${id}/feed?wait=30&limit=100`);
  await expect(feedHelp).toContainText(`/api/v1/webhooks/${id}/feed/ack -d '{"cursor": "<next_cursor>"}'`);
  await expect(page.getByRole("heading", { name: "Enviar teste" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Enviar teste" })).toHaveCount(0);
  await page.getByRole("tab", { name: "Configurações" }).click();
  const settings = page.getByRole("region", { name: "Configuração", exact: true });
  await expect(settings).toContainText("ERP na rede interna");
  await expect(settings.getByText("nfe.authorized", { exact: true })).toBeVisible();
  await expect(settings).not.toContainText("Todos os eventos");

  // what was saved, and that saving sent nothing (no webhook.test)
  const saved = await (await page.request.get(`/api/v1/webhooks/${id}`)).json();
  expect(saved.webhook).toMatchObject({ id, kind: "polling", url: null, event_types: ["nfe.authorized"], enabled: true });
  await page.goto(`/account/webhooks/${id}/deliveries`);
  await expect(page.getByRole("heading", { level: 1, name: "Log de entregas" })).toBeVisible();
  await expect(page.getByText("Nenhuma entrega ainda.")).toBeVisible();
});

test("an ERP reads a published event from the feed, signed, and its ack shows it read and delivered in the dashboard", async ({
  page,
  request,
  baseURL,
}) => {
  await signUp(page, { organization: "Indústria Atrás do NAT LTDA" });
  const origin = new URL(baseURL!).origin;
  const created = await page.request.post("/api/v1/webhooks", {
    headers: { origin },
    data: { kind: "polling", description: "ERP local", event_types: ["nfe.authorized"] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { webhook, secret: signingSecret } = await created.json();
  expect(webhook).toMatchObject({ kind: "polling", url: null, event_types: ["nfe.authorized"] });
  const publisher = await createToken(page, origin, "Emissor", "publish");
  const reader = await createToken(page, origin, "ERP leitor", "read");
  const feedUrl = `/api/v1/webhooks/${webhook.id}/feed`;
  const cancelledData = await exampleOf(page, "nfe.cancelled");
  const data = await exampleOf(page, "nfe.authorized");

  // the ERP is already waiting on the feed when the events are published
  const reading = request.get(`${feedUrl}?wait=10`, { headers: bearer(reader), timeout: 30_000 });

  // the invoicing system publishes through the typed client (the OpenAPI document's types)
  const api = typedApi(publisher);
  const cancelled = await api.POST("/api/v1/events", { body: { type: "nfe.cancelled", data: cancelledData } });
  expect(cancelled.response.status, JSON.stringify(cancelled.error)).toBe(202);
  expect((cancelled.data as { deliveries: unknown[] }).deliveries, "nfe.cancelled is not subscribed").toEqual([]);
  const published = await api.POST("/api/v1/events", { body: { type: "nfe.authorized", data } });
  expect(published.response.status, JSON.stringify(published.error)).toBe(202);
  const { deliveries } = published.data as { deliveries: { id: string; endpoint_id: string; webhook_id: string }[] };
  expect(deliveries).toHaveLength(1);
  expect(deliveries[0]).toMatchObject({ endpoint_id: webhook.id, webhook_id: `msg_${deliveries[0].id.replaceAll("-", "")}` });

  const read = await reading;
  expect(read.status(), await read.text()).toBe(200);
  const feed: Feed = await read.json();
  expect(feed.messages).toHaveLength(1);
  const [message] = feed.messages;
  expect(message).toMatchObject({ webhook_id: deliveries[0].webhook_id, type: "nfe.authorized", status: "pending" });
  expect(JSON.parse(message!.body)).toMatchObject({ type: "nfe.authorized", data: { access_key: data.access_key } });
  expect(message!.headers["webhook-signature"]).toMatch(/^v1,/);
  expect(message!.webhook_signature).toBe(message!.headers["webhook-signature"]);
  expect(message!.headers["webhook-id"]).toBe(message!.webhook_id);
  expect(() => new Webhook(signingSecret).verify(message!.body, message!.headers), "signed with the webhook's secret").not.toThrow();
  expect(feed.next_cursor).toBe(message!.cursor);
  expect(feed.acked_cursor).toBeNull();
  const after = await request.get(`${feedUrl}?after=${feed.next_cursor}`, { headers: bearer(reader) });
  expect((await after.json()).messages, "nothing after the last cursor").toEqual([]);

  // not acknowledged yet: the dashboard says it waits to be read
  const deliveryId = deliveryIdOf(message!.webhook_id);
  expect(deliveryId).toBe(deliveries[0].id);
  await page.goto(`/account/webhooks/${webhook.id}/deliveries`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "nfe.authorized", exact: true }) });
  await expect(row).toContainText("Pendente");
  await expect(page.getByRole("link", { name: "nfe.cancelled", exact: true })).toHaveCount(0);
  await row.getByRole("link", { name: "nfe.authorized", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/account/deliveries/${deliveryId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Entrega de nfe.authorized" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: message!.webhook_id })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "aguardando consulta" })).toBeVisible();

  const ack = await request.post(`${feedUrl}/ack`, { headers: bearer(reader), data: { cursor: feed.next_cursor } });
  expect(ack.status(), await ack.text()).toBe(200);
  expect(await ack.json()).toEqual({ acked_cursor: feed.next_cursor, delivered: 1 });

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Entrega de nfe.authorized" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^consultado / })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "aguardando consulta" })).toHaveCount(0);
  await page.getByRole("link", { name: "Ver log de entregas deste webhook", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Log de entregas" })).toBeVisible();
  await expect(row).toContainText("Entregue");

  // the ERP's progress is kept server-side: a read without a cursor continues after the ack
  const resumed: Feed = await (await request.get(feedUrl, { headers: bearer(reader) })).json();
  expect(resumed).toEqual({ messages: [], next_cursor: feed.next_cursor, acked_cursor: feed.next_cursor });
});
