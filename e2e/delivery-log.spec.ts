// The used-by flow: account screen → "Adicionar webhook" → an event from the Simulator → the live
// delivery log → the delivery's attempts → "Reenviar". The receiver fails the first delivery and
// holds the retry open until the log has shown it as retrying, so every state is seen for sure.
import { expect, test } from "@playwright/test";
import { addWebhook, signUp } from "./helpers";
import { answer, gate, startReceiver, type Receiver } from "@/test/receiver";

const retryHeld = gate();
let receiver: Receiver;

test.beforeAll(async () => {
  let deliveries = 0;
  receiver = await startReceiver(async (request, res) => {
    if (request.type === "webhook.test") return answer(200)(request, res);
    deliveries += 1;
    if (deliveries === 1) return answer(500, "banco de dados indisponível")(request, res);
    if (deliveries === 2) await retryHeld.wait;
    answer(200, '{"recebido":true}')(request, res);
  });
});

test.afterAll(async () => {
  retryHeld.open();
  await receiver.close();
});

test("a failed delivery is retried live in the log, inspected attempt by attempt, resent and found by access key", async ({
  page,
  context,
}) => {
  await signUp(page, { organization: "Atacadão Horizonte LTDA" });
  await addWebhook(page, receiver.url);
  await page.getByRole("tab", { name: "Entregas", exact: true }).click();
  await expect(page.getByRole("tab", { name: "Entregas", exact: true })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel", { name: "Entregas" }).getByText("Nenhuma entrega ainda.")).toBeVisible();
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  // The log stays open in its tab while the event is published from the Simulator in another one.
  const simulator = await context.newPage();
  await simulator.goto("/account");
  await simulator.getByRole("navigation", { name: "Seções da conta" }).getByRole("link", { name: "Simulador", exact: true }).click();
  await expect(simulator.getByRole("heading", { level: 1, name: "Simulador de eventos" })).toBeVisible();
  await simulator.getByLabel("Tipo de evento").selectOption("nfe.authorized");
  // the webhook was added in produção (the dashboard's default); the simulator publishes in homologação unless told
  await simulator.getByLabel("Ambiente", { exact: true }).selectOption("producao");
  const data = JSON.parse(await simulator.getByLabel("Dados (JSON)").inputValue());
  const accessKey: string = data.access_key;
  expect(accessKey).toMatch(/^\d{44}$/);
  await simulator.getByRole("button", { name: "Publicar", exact: true }).click();
  await expect(simulator.getByRole("heading", { name: "Evento publicado" })).toBeVisible();
  await expect(simulator.getByText("1 entrega.")).toBeVisible();
  await simulator.close();

  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "nfe.authorized", exact: true }) });
  await expect(row).toContainText("Tentando novamente");
  await expect(row).toContainText("HTTP 500");
  retryHeld.open();
  await expect(row).toContainText("Entregue");
  await expect(row).toContainText("HTTP 200");
  expect(await page.evaluate(() => "sameDocument" in window), "the log refreshed itself, without a reload").toBe(true);

  await row.getByRole("link", { name: "nfe.authorized", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Entrega de nfe.authorized" })).toBeVisible();
  const attempt = (name: string) => page.getByRole("article", { name, exact: true });
  await expect(attempt("Tentativa 1 · Automática")).toContainText("Falhou · HTTP 500");
  await expect(attempt("Tentativa 2 · Automática")).toContainText("Sucesso · HTTP 200");
  await expect(page.getByRole("article")).toHaveCount(2);

  await page.getByRole("button", { name: "Reenviar", exact: true }).click();
  await expect(attempt("Tentativa 3 · Reenvio manual")).toContainText("Sucesso · HTTP 200");
  await expect(page.getByText(/^Reenvio concluído: tentativa 3 — HTTP 200 em [\d.]+ ms\.$/)).toBeVisible();

  const deliveries = receiver.events();
  expect(deliveries).toHaveLength(3);
  const webhookId = deliveries[0]!.headers["webhook-id"];
  expect(webhookId).toMatch(/^msg_/);
  expect(deliveries.map((r) => r.headers["webhook-id"])).toEqual([webhookId, webhookId, webhookId]);
  await expect(page.getByRole("definition").filter({ hasText: String(webhookId) })).toBeVisible();
  expect(JSON.parse(deliveries[2]!.body)).toMatchObject({ type: "nfe.authorized", data: { access_key: accessKey } });

  await page.getByRole("link", { name: "Ver log de entregas deste webhook", exact: true }).click();
  const search = page.getByRole("searchbox", { name: "Buscar", exact: true });
  const searchButton = page.getByRole("button", { name: "Buscar", exact: true });
  await search.fill(accessKey);
  await searchButton.click();
  await expect(page.getByText("Buscando pela chave de acesso.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${accessKey}`));
  await expect(row).toContainText("Entregue");
  await expect(row.getByTitle(accessKey)).toBeVisible();

  const otherAccessKey = "35261112345678000195650010000013371564738290";
  await search.fill(otherAccessKey);
  await searchButton.click();
  await expect(page.getByText("Nenhuma entrega corresponde a estes filtros.")).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.getByRole("button", { name: "Limpar filtros", exact: true }).click();
  await expect(row).toBeVisible();
});
