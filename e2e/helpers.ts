import { expect, type Page } from "@playwright/test";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;
}

let addresses = 0;
/** A loopback address of its own, as X-Forwarded-For (a header only: nothing is sent there). */
function nextAddress(): string {
  addresses++;
  return `127.${(process.pid % 200) + 20}.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
}

/** Signs up through the UI and waits for the account screen. */
export async function signUp(page: Page, opts: { name?: string; email?: string; password?: string; organization?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? "senha-segura-123";
  // each new account as if from its own address (the server trusts one proxy in e2e): the suite signs
  // up more people than the per-address sign-up limit lets one address in an hour
  await page.setExtraHTTPHeaders({ "x-forwarded-for": nextAddress() });
  await page.goto("/sign-up");
  await page.getByLabel("Nome").fill(opts.name ?? "Maria Silva");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByLabel("Organização").fill(opts.organization ?? "Padaria Exemplo LTDA");
  await page.getByRole("button", { name: "Criar conta" }).click();
  await expect(page).toHaveURL(/\/account$/);
  return { email, password };
}

/** The account screen's webhooks section (its list, then the "Adicionar webhook" button). */
export function webhooksSection(page: Page) {
  return page.getByRole("region", { name: "Webhooks", exact: true });
}

/** Account screen → "Adicionar webhook" → the empty form. */
export async function openNewWebhookForm(page: Page) {
  await page.goto("/account");
  await webhooksSection(page).getByRole("button", { name: "Adicionar webhook", exact: true }).click();
  await expect(page).toHaveURL(/\/account\/webhooks\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "Adicionar webhook" })).toBeVisible();
}

/** Adds a webhook through the UI (its test ping must succeed) and answers its id, on its page. */
export async function addWebhook(page: Page, url: string): Promise<string> {
  await openNewWebhookForm(page);
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(url);
  await page.getByRole("button", { name: "Salvar", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())?.[1];
  expect(id, page.url()).toBeTruthy();
  return id!;
}

/** Opens the webhook form's "Opções avançadas" (CNPJ filter, payload format, headers, retries, ordering, "Ativo"). */
export async function openAdvancedOptions(page: Page) {
  const details = page.locator("details").filter({ has: page.locator("summary", { hasText: "Opções avançadas" }) });
  await details.locator("summary").first().click();
  await expect(details).toHaveAttribute("open");
}
