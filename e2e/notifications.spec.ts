// /account/notifications without an e-mail server (the embedded default): what would have been sent
// is listed as "não enviado" with its link; a member chooses which alerts come by e-mail; the team's
// chat webhook is saved (shown by host only), tested, and its message shows as sent.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { answer, startReceiver } from "@/test/receiver";

test("notifications: unsent messages with their link, e-mail choices, the team chat", async ({ page }) => {
  const chat = await startReceiver(answer(200, "ok"));
  try {
    await signUp(page, { organization: "Avisos LTDA" });
    await page.locator("#members").getByLabel("E-mail").fill(uniqueEmail("colega"));
    await page.locator("#members").getByRole("button", { name: "Convidar" }).click();
    await expect(page.locator("#members").getByText(/envie este link à pessoa/)).toBeVisible();

    await page.getByRole("navigation", { name: "Seções da conta" }).getByRole("link", { name: "Notificações" }).click();
    await expect(page).toHaveURL(/\/account\/notifications$/);
    await expect(page.getByRole("heading", { level: 1, name: "Notificações" })).toBeVisible();
    await expect(page.getByText(/Nenhum servidor de e-mail configurado/)).toBeVisible();

    // the invitation that could not be e-mailed, with its link
    const invitation = page.getByTestId("notification").filter({ hasText: "Convite" });
    await expect(invitation.getByText("Não enviado: SMTP não configurado")).toBeVisible();
    await expect(invitation.locator("pre")).toContainText("/invite?token=");

    // e-mail choices persist
    const preferences = page.getByRole("region", { name: "Meus avisos" });
    await preferences.getByLabel("Webhook recuperado").uncheck();
    await preferences.getByLabel("Idioma das mensagens").selectOption("en");
    await preferences.getByRole("button", { name: "Salvar" }).click();
    await expect(preferences.getByRole("status")).toHaveText("Preferências salvas.");
    await page.reload();
    await expect(page.getByRole("region", { name: "Meus avisos" }).getByLabel("Webhook recuperado")).not.toBeChecked();
    await expect(page.getByRole("region", { name: "Meus avisos" }).getByLabel("Webhook falhando")).toBeChecked();
    await expect(page.getByRole("region", { name: "Meus avisos" }).getByLabel("Idioma das mensagens")).toHaveValue("en");

    // a URL the policy refuses is named; a good one is kept, shown by host, and tested
    const team = page.getByRole("region", { name: "Chat da equipe" });
    await team.getByLabel("URL do webhook de entrada").fill("ftp://chat.example/hook");
    await team.getByRole("button", { name: "Salvar chat" }).click();
    await expect(team.getByLabel("URL do webhook de entrada")).toHaveAttribute("aria-invalid", "true");
    await team.getByLabel("URL do webhook de entrada").fill(`${chat.url}/services/T0/B0/segredo`);
    await team.getByRole("button", { name: "Salvar chat" }).click();
    const host = new URL(chat.url).host;
    await expect(team.getByText(`Alertas vão para ${host}.`, { exact: true })).toBeVisible();
    await expect(page.getByText("segredo")).toHaveCount(0);
    await team.getByRole("button", { name: "Enviar teste" }).click();
    await expect.poll(() => chat.requests.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(chat.requests[0]!.body)).toEqual({ text: expect.stringMatching(/Teste do NF-e Webhooks/) });
    await expect(page.getByTestId("notification").filter({ hasText: "Teste do chat" }).getByText("Enviado")).toBeVisible({
      timeout: 15_000,
    });
  } finally {
    await chat.close();
  }
});
