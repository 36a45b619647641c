// Where focus goes: after a client-side navigation to the new page's heading (never <body>), after a
// wrong password to the alert, after an empty sign-in to the first empty field (and nothing is sent).
import { expect, test, type Page } from "@playwright/test";
import { signUp } from "./helpers";

const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const focusedHeading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

for (const viewport of VIEWPORTS) {
  test.describe(viewport.name, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("an empty sign-in is checked in the browser and a wrong password focuses the alert", async ({ page }) => {
      const attempts: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("/api/auth/callback/credentials")) attempts.push(request.url());
      });
      await page.goto("/sign-in");
      await page.getByRole("button", { name: "Entrar", exact: true }).click();
      const email = page.getByRole("textbox", { name: "E-mail" });
      await expect(email).toBeFocused();
      await expect(email).toHaveAttribute("aria-invalid", "true");
      await expect(email).toHaveAccessibleDescription("Campo obrigatório.");
      await expect(page.getByLabel("Senha")).toHaveAccessibleDescription("Campo obrigatório.");
      await email.fill("ninguem@example.com");
      await page.getByRole("button", { name: "Entrar", exact: true }).click();
      await expect(page.getByLabel("Senha")).toBeFocused();
      await expect(email).not.toHaveAttribute("aria-invalid");
      expect(attempts, "nothing was sent for an empty field").toEqual([]);

      await page.getByLabel("Senha").fill("senha-errada-123");
      await page.getByRole("button", { name: "Entrar", exact: true }).click();
      await expect(page.getByRole("alert").filter({ hasText: "E-mail ou senha incorretos." })).toBeVisible();
      await expect(page.getByRole("alert").filter({ hasText: "E-mail ou senha incorretos." })).toBeFocused();
      expect(attempts).toHaveLength(1);
    });

    test("after a client-side navigation focus is on the new page's heading", async ({ page }) => {
      await signUp(page, { organization: `Foco ${viewport.name} LTDA` });
      const sections = page.getByRole("navigation", { name: "Seções da conta" });

      await sections.getByRole("link", { name: "Eventos", exact: true }).click();
      await expect(focusedHeading(page, "Eventos")).toBeFocused();
      await sections.getByRole("link", { name: "Simulador", exact: true }).click();
      await expect(focusedHeading(page, "Simulador de eventos")).toBeFocused();
      await page.keyboard.press("Tab");
      await expect(page.locator("main").locator(":focus")).toHaveCount(1);

      await page.goBack();
      await expect(focusedHeading(page, "Eventos")).toBeFocused();

      await sections.getByRole("link", { name: "Conta", exact: true }).click();
      await expect(focusedHeading(page, "Conta")).toBeFocused();
      await page.getByRole("region", { name: "Webhooks", exact: true }).getByRole("button", { name: "Adicionar webhook" }).click();
      await expect(focusedHeading(page, "Adicionar webhook")).toBeFocused();

      await page.getByRole("link", { name: "Documentação da API" }).click();
      await expect(focusedHeading(page, "Referência da API")).toBeFocused();
    });
  });
}
