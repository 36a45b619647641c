// A person in two organizations: the owner of one invites the e-mail of someone who already owns
// another; that person signs in from the invitation, accepts it, works in the new organization and
// switches back with the switcher. Signed in as anyone else, the invitation says it is not theirs.
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("an existing account accepts an invitation, lands in that organization and switches back", async ({ page, browser }) => {
  const guestContext = await browser.newContext({ locale: "pt-BR" });
  const guest = await guestContext.newPage();
  const guestEmail = uniqueEmail("ja-tenho-conta");
  const { password } = await signUp(guest, { name: "Bia Souza", email: guestEmail, organization: "Loja da Bia LTDA" });
  await guestContext.clearCookies();

  const owner = await signUp(page, { organization: "Distribuidora Alfa LTDA" });
  const members = page.locator("#members");
  await members.getByLabel("E-mail").fill(guestEmail);
  await members.getByLabel("Papel").selectOption("admin");
  await members.getByRole("button", { name: "Convidar" }).click();
  const inviteLink = new URL((await members.getByLabel("Link do convite").textContent())!);
  const invitePath = inviteLink.pathname + inviteLink.search;

  // the inviter is signed in as another e-mail: the invitation is not theirs to accept
  await page.goto(invitePath);
  await expect(page.getByText(`Este convite é para ${guestEmail}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Aceitar convite" })).toHaveCount(0);

  await guest.goto(invitePath);
  await expect(guest.getByRole("heading", { name: "Convite para Distribuidora Alfa LTDA" })).toBeVisible();
  await expect(guest.getByText("Você já tem uma conta com este e-mail: entre para aceitar o convite.")).toBeVisible();
  await expect(guest.getByLabel("Seu nome")).toHaveCount(0);
  await guest.getByRole("link", { name: "Entrar para aceitar" }).click();
  await guest.getByLabel("E-mail").fill(guestEmail);
  await guest.getByLabel("Senha").fill(password);
  await guest.getByRole("button", { name: "Entrar" }).click();
  await expect(guest).toHaveURL(/\/invite\?token=/);
  await expect(guest.getByText(`Você entrou como ${guestEmail}.`)).toBeVisible();
  await guest.getByRole("button", { name: "Aceitar convite" }).click();

  await expect(guest).toHaveURL(/\/account$/);
  const organization = guest.locator("#organization");
  await expect(organization).toContainText("Distribuidora Alfa LTDA");
  await expect(organization).toContainText("Seu papel: Administrador");
  await expect(guest.locator("#members")).toContainText(owner.email);
  const switcher = guest.getByLabel("Organização atual");
  await expect(switcher.locator("option:checked")).toHaveText("Distribuidora Alfa LTDA");

  await switcher.selectOption({ label: "Loja da Bia LTDA" });
  await guest.getByRole("button", { name: "Trocar" }).click();
  await expect(organization).toContainText("Loja da Bia LTDA");
  await expect(organization).toContainText("Seu papel: Proprietário");
  await expect(switcher.locator("option:checked")).toHaveText("Loja da Bia LTDA");
  await expect(guest.locator("#members")).not.toContainText(owner.email);

  // the link was used: opening it again says so
  await guest.goto(invitePath);
  await expect(guest.getByText("Este link é inválido, expirou ou já foi usado.")).toBeVisible();
  await guestContext.close();
});
