// "Enviar evento de exemplo" on a webhook's page: the chosen type's catalog example, edited, reaches
// that webhook only, as a manual attempt shown in the log.
import { expect, test } from "@playwright/test";
import { addWebhook, signUp } from "./helpers";
import { startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
test.afterAll(() => Promise.all(receivers.map((r) => r.close())));

test("an example event, edited, goes to that webhook only and shows in its log as a manual attempt", async ({ page }) => {
  const [chosen, other] = await Promise.all([startReceiver(), startReceiver()]);
  receivers.push(chosen, other);
  await signUp(page, { organization: "Exemplos Fiscais LTDA" });
  await addWebhook(page, other.url);
  const id = await addWebhook(page, chosen.url);

  const section = page.getByRole("region", { name: "Enviar evento de exemplo" });
  await expect(section).toBeVisible();
  await section.getByLabel("Tipo de evento").selectOption("nfe.cancelled");
  const data = section.getByLabel("Dados do evento (JSON)");
  await expect(data).toHaveValue(/"access_key"/);
  const edited = JSON.parse(await data.inputValue()) as Record<string, unknown>;
  await data.fill(JSON.stringify({ ...edited, justificativa: "Exemplo editado no painel" }, null, 2));
  await section.getByRole("button", { name: "Enviar exemplo" }).click();
  await expect(section.getByText("Exemplo enviado.")).toBeVisible();

  await expect.poll(() => chosen.events().length).toBe(1);
  expect(JSON.parse(chosen.events()[0]!.body)).toMatchObject({
    type: "nfe.cancelled",
    data: { justificativa: "Exemplo editado no painel" },
  });
  expect(other.events()).toHaveLength(0);

  // bad JSON: said at once, nothing sent
  await data.fill("{ não é json");
  await section.getByRole("button", { name: "Enviar exemplo" }).click();
  await expect(section.getByText("Os dados não são um JSON válido.")).toBeVisible();

  await page.goto(`/account/webhooks/${id}`);
  await page.getByRole("region", { name: "Enviar evento de exemplo" }).getByRole("button", { name: "Enviar exemplo" }).click();
  await page.getByRole("link", { name: "Ver a entrega" }).click();
  await expect(page).toHaveURL(/\/account\/deliveries\//);
  await expect(page.getByText("Reenvio manual").first()).toBeVisible();
  expect(other.events()).toHaveLength(0);
});
