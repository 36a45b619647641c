// The team without an e-mail server (the embedded default): an owner invites a colleague and hands
// them the link the dashboard shows; the colleague creates an account and is in; a member who forgot
// the password is told to ask an admin, who makes a single-use link for them.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("an invited colleague joins from the link, and a forgotten password is reset with an admin's link", async ({ page, browser }) => {
  await signUp(page, { organization: "Equipe Fiscal LTDA" });
  const members = page.locator("#members");
  const colleague = uniqueEmail("colega");
  await members.getByLabel("E-mail").fill(colleague);
  await members.getByLabel("Papel").selectOption("admin");
  await members.getByRole("button", { name: "Convidar" }).click();
  await expect(members.getByText(/envie este link à pessoa/)).toBeVisible();
  const inviteLink = (await members.getByLabel("Link do convite").textContent())!;
  expect(inviteLink).toMatch(/\/invite\?token=/);

  const other = await browser.newContext({ locale: "pt-BR" });
  const guest = await other.newPage();
  await guest.goto(new URL(inviteLink).pathname + new URL(inviteLink).search);
  await expect(guest.getByRole("heading", { name: "Convite para Equipe Fiscal LTDA" })).toBeVisible();
  await guest.getByLabel("Seu nome").fill("Colega Admin");
  await guest.getByLabel(/^Senha/).fill("senha-da-colega-1");
  await guest.getByRole("button", { name: "Criar conta e entrar na equipe" }).click();
  await expect(guest.getByText("Conta criada.", { exact: false })).toBeVisible();

  // the colleague forgot the password: no e-mail here, so an admin makes the link
  await guest.goto("/sign-in");
  await guest.getByRole("link", { name: "Esqueci minha senha" }).click();
  // the sign-in form has an "E-mail" field too: fill the one of the page the link leads to
  await expect(guest).toHaveURL(/\/forgot-password/);
  await expect(guest.getByRole("button", { name: "Enviar link" })).toBeVisible();
  await guest.getByLabel("E-mail").fill(colleague);
  await guest.getByRole("button", { name: "Enviar link" }).click();
  await expect(guest.getByText(/peça a um administrador/)).toBeVisible();

  await page.reload();
  const row = members.getByRole("listitem").filter({ hasText: colleague });
  await expect(row.getByLabel("Papel de Colega Admin")).toHaveValue("admin");
  await row.getByRole("button", { name: "Link de nova senha" }).click();
  const resetLink = (await row.getByLabel("Link de nova senha para Colega Admin").textContent())!;

  await guest.goto(new URL(resetLink).pathname + new URL(resetLink).search);
  await guest.getByLabel(/Nova senha/).fill("senha-nova-da-colega");
  await guest.getByRole("button", { name: "Salvar nova senha" }).click();
  await expect(guest.getByText("Senha alterada.", { exact: false })).toBeVisible();
  await guest.goto("/sign-in");
  await guest.getByLabel("E-mail").fill(colleague);
  await guest.getByLabel("Senha").fill("senha-nova-da-colega");
  await guest.getByRole("button", { name: "Entrar" }).click();
  await expect(guest).toHaveURL(/\/account$/);
  await expect(guest.getByText("Equipe Fiscal LTDA")).toBeVisible();

  // the owner removes the colleague: their session ends at once
  await row.getByRole("button", { name: "Remover" }).click();
  await row.getByRole("group", { name: "Remover" }).getByRole("button", { name: "Confirmar" }).click();
  await expect(members.getByText(colleague)).toHaveCount(0);
  await guest.reload();
  await expect(guest).toHaveURL(/\/sign-in$/);
  await other.close();
});
