import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("a newcomer signs up, reaches the account screen, creates a token and switches language", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Entrar" })).toBeVisible();

  await signUp(page, { organization: "Padaria Exemplo LTDA", email: uniqueEmail("owner") });
  await expect(page.getByRole("heading", { name: "Conta" })).toBeVisible();
  await expect(page.getByText("Padaria Exemplo LTDA")).toBeVisible();

  await page.getByLabel("Nome do token").fill("ERP");
  await page.getByRole("button", { name: "Criar token" }).click();
  const token = page.getByTestId("new-token");
  await expect(token).toHaveText(/^nfe_/);
  await expect(page.getByRole("list", { name: "Tokens de API" }).getByText("ERP")).toBeVisible();

  await page.getByLabel("Idioma").selectOption("en");
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
});

test("a user signs out, is refused with a wrong password, and signs back in to the account screen", async ({ page }) => {
  const { email, password } = await signUp(page, { organization: "Mercado Central SA" });
  await page.getByRole("button", { name: "Sair" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill("senha-errada-000");
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByText("E-mail ou senha incorretos.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Conta" })).toBeVisible();
  await expect(page.getByText("Mercado Central SA")).toBeVisible();
});
