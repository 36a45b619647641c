import { expect, type Page } from "@playwright/test";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;
}

/** Signs up through the UI and waits for the account screen. */
export async function signUp(page: Page, opts: { name?: string; email?: string; password?: string; organization?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? "senha-segura-123";
  await page.goto("/sign-up");
  await page.getByLabel("Nome").fill(opts.name ?? "Maria Silva");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByLabel("Organização").fill(opts.organization ?? "Padaria Exemplo LTDA");
  await page.getByRole("button", { name: "Criar conta" }).click();
  await expect(page).toHaveURL(/\/account$/);
  return { email, password };
}
