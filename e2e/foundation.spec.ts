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
