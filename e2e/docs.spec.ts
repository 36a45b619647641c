// /docs: the API reference, reachable from the header without signing in, rendered by Swagger UI from
// GET /api/v1/openapi.json with everything served by the app itself (no request leaves it: the
// machine has no internet), under the pages' nonce CSP; and the event catalog.
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";

test("the API reference renders offline from the OpenAPI document, without signing in", async ({ page }, testInfo) => {
  const elsewhere: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL) && !url.startsWith("data:") && !url.startsWith("blob:")) elsewhere.push(url);
  });
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });

  await page.goto("/sign-in");
  await page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Documentação da API" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Referência da API" })).toBeVisible();
  for (const section of ["Autenticação", "Erros", "Paginação", "Idempotência", "Limites"]) {
    await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
  }
  // Swagger UI drew the document: the publish operation, and the operator's
  const operations = page.getByRole("region", { name: "Operações da API" });
  await expect(operations.locator('.opblock-summary-path[data-path="/api/v1/events"]').first()).toBeVisible();
  await expect(operations.locator('.opblock-summary-path[data-path="/api/v1/operator/events"]').first()).toBeVisible();
  const shot = await page.screenshot({ fullPage: true });
  await testInfo.attach("docs", { body: shot, contentType: "image/png" });
  expect(shot.length).toBeGreaterThan(30_000);
  expect(elsewhere).toEqual([]);
  expect(problems).toEqual([]);

  await page.getByRole("link", { name: "catálogo de eventos" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Catálogo de eventos" })).toBeVisible();
  const authorized = page.getByRole("article", { name: "nfe.authorized" });
  await expect(authorized).toBeVisible();
  await authorized.getByText("Exemplo de data").click();
  await expect(authorized.getByText('"access_key"').first()).toBeVisible();
});
