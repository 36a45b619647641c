// axe-core on every page state of the dashboard, on a desktop (1366×900) and a phone (390×844):
// no critical, serious or moderate violation anywhere. Each state is reached as a person would
// (forms submitted with mistakes, a test request failing, a delivery retried) before it is checked.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openNewWebhookForm, signUp } from "./helpers";
import { getEventType } from "@/lib/webhooks/catalog";
import { answer, startReceiver, type Receiver } from "@/test/receiver";

const IMPACTS = ["critical", "serious", "moderate"] as const;
type Impact = (typeof IMPACTS)[number];

const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

let ok: Receiver;
let failing: Receiver;

test.beforeAll(async () => {
  // the test request succeeds, every event fails: the log and the webhook page show failures
  ok = await startReceiver((request, res) => answer(request.type === "webhook.test" ? 200 : 500, "indisponível")(request, res));
  failing = await startReceiver(answer(500, "erro interno"));
});
test.afterAll(() => Promise.all([ok.close(), failing.close()]));

interface Finding {
  state: string;
  rule: string;
  impact: Impact;
  targets: string[];
}

/** Runs axe on the page as it is now; the findings at the impacts that count, and their number by impact. */
async function check(page: Page, state: string, findings: Finding[], counts: Map<string, Record<Impact, number>>) {
  const results = await new AxeBuilder({ page }).analyze();
  const tally: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0 };
  for (const violation of results.violations) {
    const impact = violation.impact as Impact;
    if (!IMPACTS.includes(impact)) continue;
    tally[impact] += violation.nodes.length;
    findings.push({
      state,
      rule: violation.id,
      impact,
      targets: violation.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 100)}`),
    });
  }
  counts.set(state, tally);
}

const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

async function publish(page: Page, origin: string) {
  const data = getEventType("nfe.authorized")!.example;
  const response = await page.request.post("/api/v1/events", {
    headers: { origin },
    data: { type: "nfe.authorized", environment: "producao", data },
  });
  expect(response.status(), await response.text()).toBe(202);
}

for (const viewport of VIEWPORTS) {
  test(`every page state is free of critical, serious and moderate axe violations (${viewport.name})`, async ({ page, baseURL }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const findings: Finding[] = [];
    const counts = new Map<string, Record<Impact, number>>();
    const at = (state: string) => check(page, state, findings, counts);
    const report = () => {
      const table = [...counts].map(
        ([state, c]) => `${state.padEnd(34)} critical ${c.critical}  serious ${c.serious}  moderate ${c.moderate}`,
      );
      console.log(`axe (${viewport.name}):\n${table.join("\n")}`);
    };
    try {
      await visitEveryState();
    } finally {
      report();
    }
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);

    async function visitEveryState() {
      await page.goto("/sign-in");
      await expect(heading(page, "Entrar")).toBeVisible();
      await at("sign-in");
      await page.getByLabel("E-mail").fill("ninguem@example.com");
      await page.getByLabel("Senha").fill("senha-errada-123");
      await page.getByRole("button", { name: "Entrar", exact: true }).click();
      await expect(page.getByRole("alert").filter({ hasText: "E-mail ou senha incorretos." })).toBeVisible();
      await at("sign-in, wrong password");

      await page.goto("/sign-up");
      await expect(heading(page, "Criar conta")).toBeVisible();
      await at("sign-up");
      await page.getByRole("button", { name: "Criar conta", exact: true }).click();
      await expect(page.getByText("Campo obrigatório.").first()).toBeVisible();
      await at("sign-up, with errors");

      await signUp(page, { organization: `Axe ${viewport.name} LTDA` });
      await expect(heading(page, "Conta")).toBeVisible();
      await at("/account, no webhook");

      await openNewWebhookForm(page);
      await at("add form");
      await page.getByRole("button", { name: "Salvar", exact: true }).click();
      await expect(page.getByText("Campo obrigatório.").first()).toBeVisible();
      await at("add form, blank URL");
      await page.getByRole("textbox", { name: "URL", exact: true }).fill("ftp://exemplo");
      await page.getByLabel("Escolher eventos").check();
      await page.getByRole("button", { name: "Salvar", exact: true }).click();
      await expect(page.getByText(/Marque pelo menos um evento/)).toBeVisible();
      await at("add form, bad URL and no events");
      await page.getByLabel("Todos os eventos", { exact: true }).check();
      await page.getByRole("textbox", { name: "URL", exact: true }).fill(failing.url);
      await page.getByRole("button", { name: "Salvar", exact: true }).click();
      await expect(page.getByRole("heading", { name: "A URL não passou no teste" })).toBeVisible();
      await at("add form, test request failed");

      await page.getByRole("textbox", { name: "URL", exact: true }).fill(ok.url);
      await page.getByRole("button", { name: "Salvar", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
      const webhookPath = new URL(page.url()).pathname;
      await at("webhook page, just created");

      await publish(page, baseURL!);
      await page.goto(`${webhookPath}/deliveries`);
      await expect(heading(page, "Log de entregas")).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: "HTTP 500" }).first()).toBeVisible();
      await at("delivery log");

      await page.getByRole("link", { name: "nfe.authorized", exact: true }).first().click();
      await expect(heading(page, "Entrega de nfe.authorized")).toBeVisible();
      await expect(page.getByRole("article").first()).toBeVisible();
      await at("delivery detail");

      await page.goto(webhookPath);
      await expect(heading(page, ok.url)).toBeVisible();
      await expect(page.getByRole("link", { name: "Ver entregas" }).first()).toBeVisible();
      await at("webhook page, failing");

      await page.goto("/account");
      await expect(heading(page, "Conta")).toBeVisible();
      // the list is a table from 640 px up and cards below, both in the page: the one on screen (a
      // trouble banner naming it comes first, or not, depending on how far its retries have gone)
      await expect(page.getByText(ok.url).filter({ visible: true }).first()).toBeVisible();
      await at("/account, one webhook");

      await page.goto("/account/events");
      await expect(heading(page, "Eventos")).toBeVisible();
      await expect(page.getByRole("link", { name: "nfe.authorized", exact: true }).first()).toBeVisible();
      await at("events");
      await page.getByRole("link", { name: "nfe.authorized", exact: true }).first().click();
      await expect(page).toHaveURL(/\/account\/events\/[^/]+$/);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await at("event detail");

      await page.goto("/account/simulator");
      await expect(heading(page, "Simulador de eventos")).toBeVisible();
      await at("simulator");
      await page.getByLabel("Dados (JSON)").fill("{ nada");
      await page.getByRole("button", { name: "Publicar", exact: true }).click();
      await expect(page.getByLabel("Dados (JSON)")).toHaveAttribute("aria-invalid", "true");
      await at("simulator, invalid JSON");

      await page.goto("/account/notifications");
      await expect(heading(page, "Notificações")).toBeVisible();
      await at("notifications");

      await page.goto("/docs");
      await expect(heading(page, "Referência da API")).toBeVisible();
      await expect(page.locator(".swagger-ui .opblock").first()).toBeVisible();
      await at("docs");
      await page.goto("/docs/events");
      await expect(heading(page, "Catálogo de eventos")).toBeVisible();
      await at("docs, event catalog");

      await page.goto("/nao-existe");
      await expect(heading(page, "404")).toBeVisible();
      await at("404");
    }
  });
}
