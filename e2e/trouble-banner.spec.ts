// The account screen says at once when a webhook is failing — last error in words, where to act —
// and stops saying it once the receiver answers again.
import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";
import { startReceiver, type ReceivedRequest } from "@/test/receiver";
import type { ServerResponse } from "node:http";

test("a failing webhook shows a banner on /account until it recovers", async ({ page, baseURL }) => {
  let healthy = false;
  const hook = await startReceiver((request: ReceivedRequest, res: ServerResponse) => {
    if (request.type === "webhook.test" || healthy) return void res.writeHead(200).end("ok");
    res.writeHead(500).end("fora do ar");
  });
  try {
    await signUp(page, { organization: "Banner LTDA" });
    await expect(page.getByTestId("trouble-banner")).toHaveCount(0);
    const origin = { origin: new URL(baseURL!).origin };
    const created = await page.request.post("/api/v1/webhooks", { headers: origin, data: { url: `${hook.url}/erp`, description: "ERP" } });
    expect(created.status()).toBe(201);
    const catalog = await (await page.request.get("/api/v1/event-types")).json();
    const example = catalog.event_types.find((e: { name: string }) => e.name === "nfe.authorized").example;
    for (const number of [1, 2, 3]) {
      const published = await page.request.post("/api/v1/events", {
        headers: origin,
        data: { type: "nfe.authorized", data: { ...example, number: String(number) } },
      });
      expect(published.status(), await published.text()).toBeLessThan(300);
    }
    await expect
      .poll(async () => (await page.goto("/account"), await page.getByTestId("trouble-banner").count()), { timeout: 20_000 })
      .toBe(1);
    const banner = page.getByTestId("trouble-banner");
    await expect(banner).toContainText("O webhook ERP está falhando desde");
    await expect(banner).toContainText("o servidor respondeu 500");
    await expect(banner.getByRole("link", { name: "Ver entregas" })).toHaveAttribute("href", /\/account\/webhooks\//);

    // the webhook's own page says it in its summary, with its deliveries one click away
    await banner.getByRole("link", { name: "Ver entregas" }).click();
    await expect(page).toHaveURL(/\/account\/webhooks\/[^/]+$/);
    const summary = page.getByRole("region", { name: "Resumo" });
    await expect(summary).toContainText("Falhando");
    await expect(summary).toContainText("O receptor respondeu com status 500.");
    await expect(summary.getByRole("link", { name: "Ver entregas" })).toHaveAttribute("href", /\?tab=entregas$/);
    const webhookPage = page.url();

    healthy = true; // the next retry succeeds and ends the streak
    await expect
      .poll(async () => (await page.goto("/account"), await page.getByTestId("trouble-banner").count()), { timeout: 30_000 })
      .toBe(0);
    await page.goto(webhookPage);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // no longer failing, but the 24 hours still hold the failures
    await expect(summary).toContainText("Instável");
    await expect(summary).not.toContainText("Falhando");
  } finally {
    await hook.close();
  }
});
