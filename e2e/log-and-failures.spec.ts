// The delivery log read at a glance, and "Falhas": at 1366×900 one line per delivery (at least 15 in
// view), the filters folded behind "Filtros (n)", the whole access key on keyboard focus; at 390×844
// cards with nothing cut; on "Falhas", failures of every webhook selected and resent together, the
// count confirmed first, and the receivers then getting them.
import { expect, test, type Page } from "@playwright/test";
import { accessKeyCheckDigit } from "@/lib/cnpj";
import { answer, startReceiver, type Receiver, type Reply } from "@/test/receiver";
import { addWebhook, signUp } from "./helpers";
import { baseURL } from "../playwright.config";

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Test requests pass (so the webhook can be saved); events are answered as `events` says. */
function receiverReply(events: () => Reply): Reply {
  return (request, res) => (request.type === "webhook.test" ? answer(200)(request, res) : events()(request, res));
}

let healthy: Receiver;
let failingA: Receiver;
let failingB: Receiver;
let failing = true;
test.beforeAll(async () => {
  healthy = await startReceiver(receiverReply(() => answer(200)));
  const failFirst = receiverReply(() => (failing ? answer(500, "fora do ar") : answer(200, '{"recebido":true}')));
  failingA = await startReceiver(failFirst);
  failingB = await startReceiver(failFirst);
});
test.afterAll(async () => {
  await Promise.all([healthy, failingA, failingB].map((r) => r.close()));
});

/** NF-e `number` of the catalog's company: its own access key (valid check digit) and number. */
async function publishInvoices(page: Page, numbers: number[]): Promise<string[]> {
  const catalog = await (await page.request.get("/api/v1/event-types")).json();
  const example = catalog.event_types.find((e: { name: string }) => e.name === "nfe.authorized").example;
  const keys = [];
  for (const number of numbers) {
    const first43 = `35261112345678000195550010${String(number).padStart(9, "0")}19876543`;
    const access_key = first43 + accessKeyCheckDigit(first43);
    const response = await page.request.post("/api/v1/events", {
      headers: { origin: baseURL },
      data: { type: "nfe.authorized", environment: "producao", data: { ...example, number: String(number), access_key } },
    });
    expect(response.status(), await response.text()).toBe(202);
    keys.push(access_key);
  }
  return keys;
}

/** A new account with a webhook that got `count` deliveries, on its delivery log. */
async function logWithDeliveries(page: Page, count: number) {
  await signUp(page, { organization: "Distribuidora Linha Única LTDA" });
  const id = await addWebhook(page, healthy.url);
  const keys = await publishInvoices(
    page,
    Array.from({ length: count }, (_, i) => 7000 + i),
  );
  await page.goto(`/account/webhooks/${id}/deliveries`);
  await expect(page.getByText(/^25 entregas exibidas\./)).toBeVisible();
  return { keys: keys.reverse() };
}

const deliveryRows = (page: Page, caption: string) =>
  page
    .getByRole("table", { name: caption })
    .getByRole("row")
    .filter({ has: page.getByRole("link") });

/** How many rows lie wholly inside the viewport, and their heights. */
async function rowsInView(page: Page, caption: string) {
  const viewport = page.viewportSize()!;
  const boxes = await Promise.all((await deliveryRows(page, caption).all()).map((row) => row.boundingBox()));
  const inside = boxes.filter((b) => b && b.y >= 0 && b.y + b.height <= viewport.height);
  return { count: inside.length, heights: boxes.map((b) => Math.round(b!.height)) };
}

/**
 * Elements of the page's main content that stick out of the viewport (a phone must never scroll
 * sideways); what only screen readers get (inside a 1 px box that clips it) does not count.
 */
function cutElements(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    const screenReaderOnly = (el: HTMLElement) => {
      for (let node: HTMLElement | null = el; node && node !== main; node = node.parentElement) {
        const box = node.getBoundingClientRect();
        if (box.width <= 1 && box.height <= 1 && getComputedStyle(node).overflow !== "visible") return true;
      }
      return false;
    };
    const out = [...main.querySelectorAll<HTMLElement>("*")].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.left < -0.5 || box.right > window.innerWidth + 0.5) && !screenReaderOnly(el);
    });
    return { scrolls: main.scrollWidth > main.clientWidth, out: out.map((el) => el.outerHTML.slice(0, 120)) };
  });
}

const LOG_CAPTION = "Entregas deste webhook, das mais recentes para as mais antigas";

test.describe("the delivery log at 1366×900", () => {
  test.use({ viewport: DESKTOP });

  test("shows at least 15 one-line rows, the filters folded with their count, and the whole access key on focus", async ({ page }) => {
    const { keys } = await logWithDeliveries(page, 32);
    const rows = deliveryRows(page, LOG_CAPTION);
    await expect(rows).toHaveCount(25);
    const seen = await rowsInView(page, LOG_CAPTION);
    test.info().annotations.push({ type: "rows in view at 1366×900", description: String(seen.count) });
    expect(seen.count).toBeGreaterThanOrEqual(15);
    expect(Math.max(...seen.heights), "one line per delivery").toBeLessThanOrEqual(40);

    // one line: status, event type, number · the key's last 8 digits, CNPJ, last answer, attempts, time
    const first = rows.first();
    await expect(first).toContainText("Entregue");
    await expect(first).toContainText("nfe.authorized");
    await expect(first).toContainText("Nº 7031");
    await expect(first.getByRole("button", { name: /^Chave de acesso/ })).toHaveText(`…${keys[0]!.slice(-8)}`);
    await expect(first).toContainText("12.345.678/0001-95");
    await expect(first).toContainText(/HTTP 200 · [\d,.]+ m?s/);

    // the whole key: title on hover, its accessible name, and beside it while focused (reached by Tab)
    const key = first.getByRole("button", { name: `Chave de acesso ${keys[0]} (clique para copiar)` });
    await expect(key).toHaveAttribute("title", keys[0]!);
    const shown = page.getByText(keys[0]!, { exact: true });
    await expect(shown).toBeHidden();
    await first.getByRole("link", { name: "nfe.authorized" }).focus();
    await page.keyboard.press("Tab");
    await expect(key).toBeFocused();
    await expect(shown).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("log-1366x900.png") });
    await page.keyboard.press("Tab");
    await expect(shown).toBeHidden();

    // the filters: folded, then two of them on, counted on the button, kept in the URL
    const toggle = page.getByRole("button", { name: /^Filtros/ });
    await expect(toggle).toHaveText(/^Filtros▾$/);
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByLabel("Status", { exact: true })).toBeHidden();
    const toolbar = await page.getByRole("search").boundingBox();
    test.info().annotations.push({ type: "filter bar height (px)", description: String(Math.round(toolbar!.height)) });
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await page.getByLabel("Status", { exact: true }).selectOption({ label: "Entregue" });
    await page.getByLabel("Tipo de evento").selectOption("nfe.authorized");
    await expect(toggle).toHaveText(/^Filtros \(2\)/);
    await expect(page).toHaveURL(/status=succeeded/);
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await page.reload();
    await expect(page.getByRole("button", { name: /^Filtros \(2\)/ })).toHaveAttribute("aria-expanded", "false");
    await expect(rows).toHaveCount(25);
    await page.getByRole("button", { name: "Limpar filtros", exact: true }).click();
    await expect(page.getByRole("button", { name: /^Filtros/ })).toHaveText(/^Filtros▾$/);
  });
});

test.describe("the delivery log at 390×844", () => {
  test.use({ viewport: PHONE });

  test("shows each delivery as a card with nothing cut, the filters behind a button", async ({ page }) => {
    const { keys } = await logWithDeliveries(page, 26);
    const rows = deliveryRows(page, LOG_CAPTION);
    await expect(rows).toHaveCount(25);
    await expect(page.getByRole("button", { name: /^Filtros/ })).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByLabel("Status", { exact: true })).toBeHidden();
    const card = rows.first();
    await expect(card).toBeInViewport();
    for (const text of ["Entregue", "nfe.authorized", "Nº 7025", `…${keys[0]!.slice(-8)}`, "HTTP 200", "1 tentativa"]) {
      await expect(card.getByText(text, { exact: false }).first(), text).toBeVisible();
    }
    expect(await cutElements(page)).toEqual({ scrolls: false, out: [] });
    await page.screenshot({ path: test.info().outputPath("log-390x844.png") });

    // the whole key on focus, on a bar that fits the screen
    await card.getByRole("button", { name: /^Chave de acesso/ }).focus();
    await expect(page.getByText(keys[0]!, { exact: true })).toBeInViewport({ ratio: 1 });
    expect(await cutElements(page)).toEqual({ scrolls: false, out: [] });
  });
});

test.describe('"Falhas"', () => {
  const CAPTION = "Entregas com falha de todos os webhooks, das mais recentes para as mais antigas";

  test("lists the failures of every webhook; a selection is resent after its count is confirmed, and the receivers get it", async ({
    page,
  }) => {
    await page.setViewportSize(DESKTOP);
    failing = true;
    await signUp(page, { organization: "Atacado Falhas Reunidas LTDA" });
    await addWebhook(page, failingA.url);
    await addWebhook(page, failingB.url);
    await publishInvoices(page, [8001, 8002, 8003]);
    // 5 attempts each (WEBHOOK_RETRY_SCHEDULE=1,2,2,2 in playwright.config.ts), then failed for good
    await expect
      .poll(async () => (await (await page.request.get("/api/v1/deliveries?environment=producao")).json()).deliveries.length, {
        timeout: 30_000,
      })
      .toBe(6);

    await page.goto("/account");
    await page.getByRole("navigation", { name: "Seções da conta" }).getByRole("link", { name: "Falhas", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Falhas" })).toBeVisible();
    const rows = deliveryRows(page, CAPTION);
    await expect(rows).toHaveCount(6);
    await expect(rows.filter({ hasText: "Falhou" })).toHaveCount(6);
    await expect(rows.filter({ hasText: "HTTP 500" })).toHaveCount(6);

    // one webhook's, through the folded filters
    await page.getByRole("button", { name: /^Filtros/ }).click();
    await page.getByLabel("Webhook", { exact: true }).selectOption({ label: `${failingA.url}` });
    await expect(page.getByRole("button", { name: /^Filtros \(1\)/ })).toBeVisible();
    await expect(rows).toHaveCount(3);
    await page.getByRole("button", { name: "Limpar filtros", exact: true }).click();
    await expect(rows).toHaveCount(6);
    await page.getByRole("button", { name: /^Filtros/ }).click();

    // all of this page but one
    await page.getByRole("checkbox", { name: "Selecionar todos desta página (6)" }).check();
    await expect(page.getByText("6 entregas selecionadas")).toBeVisible();
    const left = rows.last();
    const leftId = (await left.getByRole("link", { name: "nfe.authorized" }).getAttribute("href"))!.split("/").pop()!;
    await left.getByRole("checkbox").uncheck();
    await expect(page.getByText("5 entregas selecionadas")).toBeVisible();
    const selectedIds = [];
    for (const row of await rows.all()) {
      if (await row.getByRole("checkbox").isChecked())
        selectedIds.push((await row.getByRole("link", { name: "nfe.authorized" }).getAttribute("href"))!.split("/").pop()!);
    }
    expect(selectedIds).toHaveLength(5);
    expect(selectedIds).not.toContain(leftId);

    failing = false;
    const sentBefore = failingA.events().length + failingB.events().length;
    const resend = page.getByRole("button", { name: "Reenviar selecionadas", exact: true });
    await resend.click();
    const dialog = page.getByRole("dialog", { name: "Reenviar 5 entregas?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Reenviar 5 entregas", exact: true })).toBeFocused();
    await page.screenshot({ path: test.info().outputPath("failures-confirm-1366x900.png") });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(resend).toBeFocused();

    await resend.click();
    await dialog.getByRole("button", { name: "Reenviar 5 entregas", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "5 entregas na fila para reenvio." })).toBeVisible();
    await expect.poll(() => failingA.events().length + failingB.events().length).toBe(sentBefore + 5);
    // each selected delivery: its 5 failed attempts, then the resend; the one left out: its 5, no more
    const received = [...failingA.events(), ...failingB.events()].map((r) => r.webhookId);
    const timesReceived = (id: string) => received.filter((webhookId) => webhookId === `msg_${id.replaceAll("-", "")}`).length;
    expect(selectedIds.map(timesReceived)).toEqual([6, 6, 6, 6, 6]);
    expect(timesReceived(leftId)).toBe(5);
    // delivered now: they leave the list; the one left out stays failed
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link", { name: "nfe.authorized" })).toHaveAttribute("href", `/account/deliveries/${leftId}`);
    await page.screenshot({ path: test.info().outputPath("failures-1366x900.png") });

    await page.setViewportSize(PHONE);
    await expect(rows.first()).toBeInViewport();
    expect(await cutElements(page)).toEqual({ scrolls: false, out: [] });
    await page.screenshot({ path: test.info().outputPath("failures-390x844.png") });
  });
});
