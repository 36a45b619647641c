// The add-webhook form on one screen: "Todos os eventos" / "Escolher eventos" with the event types
// listed only when choosing, the rarely changed settings folded under "Opções avançadas", the test
// request's outcome right under the URL, at 1366×900 and on a 390×844 phone.
//
// Before this layout (same app, same measurements): 3,601 px tall at 1366×900 and 5,706 px at
// 390×844; 56 Tab presses from the URL field to "Salvar" (65 from the top of the page); the failed
// test's panel began 3,040 px below the URL field (4,957 px on the phone). After: 900 px (the
// 1366×900 screen) and 1,361 px; 5 Tab presses from the URL field (14 from the top); the panel starts
// 52 px below the URL field (88 px on the phone). The bounds below leave a small margin over these.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { openNewWebhookForm, signUp } from "./helpers";
import { answer, gate, startReceiver, type Receiver } from "@/test/receiver";

const receivers: Receiver[] = [];
test.afterAll(() => Promise.all(receivers.map((r) => r.close())));

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900, maxHeight: 950 },
  { name: "phone", width: 390, height: 844, maxHeight: 1_450 },
] as const;
/** from the URL field, on both viewports */
const MAX_TABS_TO_SAVE = 6;

const urlField = (page: Page) => page.getByRole("textbox", { name: "URL", exact: true });
const save = (page: Page) => page.getByRole("button", { name: "Salvar", exact: true });
const allEvents = (page: Page) => page.getByRole("radio", { name: "Todos os eventos", exact: true });
const chooseEvents = (page: Page) => page.getByRole("radio", { name: "Escolher eventos", exact: true });
const advanced = (page: Page) => page.locator("details").filter({ has: page.getByText("Opções avançadas", { exact: true }) });
const advancedSummary = (page: Page) => page.locator("summary").filter({ hasText: "Opções avançadas" });
/** a group's "Selecionar todos" checkbox, described by its "x de N marcados" */
const groupCheckbox = (page: Page, group: string) => page.getByRole("checkbox", { name: `Selecionar todos: ${group}`, exact: true });

/** Tab presses from where focus is until `target` has it (fails past `limit`). */
async function tabsUntilFocused(page: Page, target: ReturnType<typeof save>, limit = 100): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((node) => node === document.activeElement)) return presses;
  }
  throw new Error(`not focused after ${limit} Tab presses`);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** A figure for the closing note: in the report's annotations and on the console. */
function measure(testInfo: TestInfo, description: string) {
  testInfo.annotations.push({ type: "measure", description });
  console.log(`${testInfo.title}: ${description}`);
}

for (const viewport of VIEWPORTS) {
  test(`${viewport.name} ${viewport.width}×${viewport.height}: the form fits, ${MAX_TABS_TO_SAVE} Tab presses at most from the URL to "Salvar"`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signUp(page, { organization: "Formulário Curto LTDA" });
    await openNewWebhookForm(page);

    await expect(allEvents(page)).toBeChecked();
    await expect(chooseEvents(page)).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "nfe.authorized", exact: true })).toHaveCount(0);
    await expect(advanced(page)).not.toHaveAttribute("open");
    await expect(page.getByLabel("Formato do payload", { exact: true })).toBeHidden();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    measure(testInfo, `form page height ${height} px`);
    expect(height).toBeLessThanOrEqual(viewport.maxHeight);
    await screenshot(page, testInfo, `add-form-${viewport.width}`);

    await urlField(page).focus();
    const fromUrl = await tabsUntilFocused(page, save(page));
    await page.reload();
    await expect(urlField(page)).toBeVisible();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const fromTop = await tabsUntilFocused(page, save(page));
    measure(testInfo, `Tab presses to "Salvar": ${fromUrl} from the URL field, ${fromTop} from the top of the page`);
    expect(fromUrl).toBeLessThanOrEqual(MAX_TABS_TO_SAVE);

    // what is folded is all there once opened
    await advancedSummary(page).click();
    await expect(page.getByLabel("Formato do payload", { exact: true })).toBeVisible();
    await chooseEvents(page).check();
    await expect(page.getByRole("checkbox", { name: "nfe.authorized", exact: true })).toBeVisible();
    await screenshot(page, testInfo, `add-form-${viewport.width}-opened`);
  });
}

test("the groups count what is ticked when choosing, and nothing per group with 'Todos os eventos'; the choice is saved", async ({
  page,
}) => {
  const hook = await receiver();
  await signUp(page, { organization: "Contagem Certa LTDA" });
  await openNewWebhookForm(page);
  await urlField(page).fill(hook.url);
  await expect(allEvents(page)).toBeChecked();
  await expect(page.getByText(/ de \d+ marcados$/)).toHaveCount(0);
  await expect(groupCheckbox(page, "NF-e")).toHaveCount(0);

  // a radio group: the arrow key moves to "Escolher eventos"
  await allEvents(page).focus();
  await page.keyboard.press("ArrowDown");
  await expect(chooseEvents(page)).toBeChecked();
  await expect(groupCheckbox(page, "NF-e")).toHaveAccessibleDescription("0 de 10 marcados");
  await expect(groupCheckbox(page, "NFC-e")).toHaveAccessibleDescription("0 de 9 marcados");
  await expect(page.getByText("Nenhum evento marcado.", { exact: true })).toBeVisible();

  await page.getByRole("checkbox", { name: "nfe.authorized", exact: true }).check();
  await expect(groupCheckbox(page, "NF-e")).toHaveAccessibleDescription("1 de 10 marcados");
  await expect(groupCheckbox(page, "NF-e")).not.toBeChecked();
  await groupCheckbox(page, "NFC-e").check();
  await expect(groupCheckbox(page, "NFC-e")).toHaveAccessibleDescription("9 de 9 marcados");
  await expect(page.getByRole("checkbox", { name: "nfce.cancelled", exact: true })).toBeChecked();
  await expect(page.getByText("10 eventos marcados.", { exact: true })).toBeVisible();

  await allEvents(page).check();
  await expect(groupCheckbox(page, "NF-e")).toHaveCount(0);
  await expect(page.getByText(/ de \d+ marcados$/)).toHaveCount(0);
  // back to choosing: what was ticked is still ticked
  await chooseEvents(page).check();
  await expect(groupCheckbox(page, "NF-e")).toHaveAccessibleDescription("1 de 10 marcados");
  await expect(groupCheckbox(page, "NFC-e")).toHaveAccessibleDescription("9 de 9 marcados");
  await groupCheckbox(page, "NFC-e").uncheck();
  await expect(page.getByText("1 evento marcado.", { exact: true })).toBeVisible();
  await save(page).click();

  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;
  const saved = await (await page.request.get(`/api/v1/webhooks/${id}`)).json();
  expect(saved.webhook.event_types).toEqual(["nfe.authorized"]);
});

test("'Todos os eventos' saves every event even after some were ticked while choosing", async ({ page }) => {
  const hook = await receiver();
  await signUp(page, { organization: "Todos Mesmo LTDA" });
  await openNewWebhookForm(page);
  await urlField(page).fill(hook.url);
  await chooseEvents(page).check();
  await page.getByRole("checkbox", { name: "nfe.cancelled", exact: true }).check();
  await allEvents(page).check();
  await save(page).click();

  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;
  const saved = await (await page.request.get(`/api/v1/webhooks/${id}`)).json();
  expect(saved.webhook.event_types).toEqual([]);
});

test("'Escolher eventos' with nothing ticked is an error announced on that choice, which takes focus", async ({ page }) => {
  const hook = await receiver();
  await signUp(page, { organization: "Nenhum Evento LTDA" });
  await openNewWebhookForm(page);
  await urlField(page).fill(hook.url);
  await chooseEvents(page).check();
  await save(page).click();

  await expect(chooseEvents(page)).toBeFocused();
  await expect(chooseEvents(page)).toHaveAttribute("aria-invalid", "true");
  await expect(chooseEvents(page)).toHaveAccessibleDescription(/Marque pelo menos um evento ou escolha "Todos os eventos"\./);
  expect(hook.requests).toHaveLength(0);
});

test("'Opções avançadas' opens and closes from the keyboard, says what was changed, and opens itself on an error inside", async ({
  page,
}) => {
  const hook = await receiver();
  await signUp(page, { organization: "Opções Dobradas LTDA" });
  await openNewWebhookForm(page);
  await urlField(page).fill(hook.url);
  await expect(advanced(page)).not.toHaveAttribute("open");
  await expect(advancedSummary(page)).toContainText(
    "Filtro por CNPJ, formato do payload, cabeçalhos, novas tentativas, ordem de entrega e pausa.",
  );

  // URL → Descrição → Ambiente → the events' radio group → "Opções avançadas"
  await urlField(page).focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await expect(advancedSummary(page)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(advanced(page)).toHaveAttribute("open");
  const retries = page.getByRole("combobox", { name: "Novas tentativas", exact: true });
  await expect(retries).toBeVisible();
  await retries.selectOption("focus");
  await page.getByLabel("CNPJ", { exact: true }).fill("11.111.111/1111-11"); // not a valid CNPJ, not added
  await advancedSummary(page).focus();
  await page.keyboard.press(" ");
  await expect(advanced(page)).not.toHaveAttribute("open");
  await expect(retries).toBeHidden();
  await expect(advancedSummary(page)).toContainText("1 alterada");

  await save(page).click();
  await expect(advanced(page)).toHaveAttribute("open");
  const cnpj = page.getByLabel("CNPJ", { exact: true });
  await expect(cnpj).toBeFocused();
  await expect(cnpj).toHaveAccessibleDescription(/CNPJ inválido/);
  expect(hook.requests).toHaveLength(0);

  await cnpj.fill("");
  await save(page).click();
  await expect(page.getByRole("status").filter({ hasText: "Webhook criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;
  const saved = await (await page.request.get(`/api/v1/webhooks/${id}`)).json();
  expect(saved.webhook).toMatchObject({ retry_policy: "focus", cnpjs: [] });
});

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: Enter in the URL field tests it; the outcome shows right under the field; Enter again saves`, async ({
    page,
  }, testInfo) => {
    const held = gate();
    const failing = await receiver((request, res) => void held.wait.then(() => answer(500, "erro interno do ERP")(request, res)));
    const working = await receiver();
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signUp(page, { organization: "Resultado Perto LTDA" });
    await openNewWebhookForm(page);
    const url = urlField(page);
    await url.fill(failing.url);
    await url.press("Enter");

    // while the request is held, the form says so under the URL
    const testing = page.locator("p[aria-live]").filter({ hasText: "Testando a URL…" });
    await expect(testing).toBeVisible();
    await expect.poll(() => failing.pings().length).toBe(1);
    const urlBox = (await url.boundingBox())!;
    expect((await testing.boundingBox())!.y - (urlBox.y + urlBox.height)).toBeLessThan(80);
    held.open();

    const failure = page.getByRole("region", { name: "A URL não passou no teste" });
    await expect(failure).toBeVisible();
    await expect(failure.getByRole("heading", { level: 2, name: "A URL não passou no teste" })).toBeFocused();
    await expect(failure).toContainText("O servidor respondeu HTTP 500");
    await expect(page).toHaveURL(/\/account\/webhooks\/new$/);
    const gap = (await failure.boundingBox())!.y - (urlBox.y + urlBox.height);
    measure(testInfo, `the failed test's panel starts ${Math.round(gap)} px below the URL field`);
    // only the field's hint and its error sit between them
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(120);
    await screenshot(page, testInfo, `add-form-${viewport.width}-ping-failed`);

    await url.fill(working.url);
    await url.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Webhook criado. A URL respondeu à requisição de teste" })).toBeVisible();
    expect(working.pings()).toHaveLength(1);
  });
}

test("'Receber por consulta' keeps its short form: no URL, and only the CNPJ filter and 'Ativo' under 'Opções avançadas'", async ({
  page,
}) => {
  await signUp(page, { organization: "Consulta Curta LTDA" });
  await openNewWebhookForm(page);
  await page.getByRole("radio", { name: "Receber por consulta (sem URL pública)" }).check();
  await expect(urlField(page)).toHaveCount(0);
  await expect(advancedSummary(page)).toContainText("Filtro por CNPJ e pausa.");
  await advancedSummary(page).click();
  await expect(page.getByLabel("CNPJ", { exact: true })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Ativo", exact: true })).toBeChecked();
  await expect(page.getByLabel("Formato do payload", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Novas tentativas" })).toHaveCount(0);
  await page.getByRole("checkbox", { name: "Ativo", exact: true }).uncheck();
  await advancedSummary(page).click();
  await expect(advancedSummary(page)).toContainText("1 alterada");
  await save(page).click();

  await expect(page.getByRole("status").filter({ hasText: "Webhook por consulta criado." })).toBeVisible();
  const id = /\/account\/webhooks\/([^/?#]+)/.exec(page.url())![1]!;
  const saved = await (await page.request.get(`/api/v1/webhooks/${id}`)).json();
  expect(saved.webhook).toMatchObject({ kind: "polling", enabled: false, event_types: [] });
});
