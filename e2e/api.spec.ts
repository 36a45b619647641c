// The HTTP contract of sign-up, sign-in and /api/v1 against the running app, without a browser.
// The app runs as behind one reverse proxy (TRUST_PROXY=1, playwright.config.ts): each simulated
// client has its own address in X-Forwarded-For, so the failures these tests provoke never throttle
// the other specs, whose requests come from 127.0.0.1 without the header.
import { test as base, expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { uniqueEmail } from "./helpers";

const PASSWORD = "senha-segura-123";
const subnet = Math.floor(Math.random() * 256);
let clients = 0;

const test = base.extend<{ client: () => Promise<APIRequestContext> }>({
  client: async ({ playwright, baseURL }, use) => {
    const made: APIRequestContext[] = [];
    await use(async () => {
      const address = `198.18.${subnet}.${++clients}`;
      const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": address } });
      made.push(client);
      return client;
    });
    await Promise.all(made.map((c) => c.dispose()));
  },
});

interface Account {
  name: string;
  email: string;
  password: string;
  organization: string;
}

function account(overrides: Partial<Account> = {}): Account {
  return { name: "Maria Silva", email: uniqueEmail("api"), password: PASSWORD, organization: "Padaria Exemplo LTDA", ...overrides };
}

async function signUp(api: APIRequestContext, input: Account): Promise<{ id: string; email: string; name: string }> {
  const response = await api.post("/api/sign-up", { data: input });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).user;
}

/** next-auth's credentials sign-in as a script does it; answers the status and the `error` it reports. */
async function signIn(api: APIRequestContext, email: string, password: string): Promise<{ status: number; error: string | null }> {
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  const response = await api.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" } });
  const { url } = await response.json();
  return { status: response.status(), error: new URL(url).searchParams.get("error") };
}

async function hasSession(api: APIRequestContext): Promise<boolean> {
  return (await api.storageState()).cookies.some((c) => c.name.endsWith("next-auth.session-token"));
}

async function signedIn(api: APIRequestContext, input = account()) {
  const user = await signUp(api, input);
  expect(await signIn(api, input.email, input.password)).toEqual({ status: 200, error: null });
  return { ...input, id: user.id };
}

async function expectJsonError(response: APIResponse, status: number) {
  expect(response.status()).toBe(status);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toHaveProperty("errors");
  return body.errors as unknown;
}

test.describe("sign-up and sign-in over HTTP", () => {
  test("a new account signs in and /api/v1/me shows the user and organization", async ({ client }) => {
    const api = await client();
    const input = account({ name: "João Souza", email: uniqueEmail("Joao").toUpperCase(), organization: "Mercado Central SA" });
    const user = await signUp(api, input);
    expect(user).toEqual({ id: expect.any(String), name: "João Souza", email: input.email.toLowerCase() });

    expect(await hasSession(api)).toBe(false);
    expect(await signIn(api, input.email.toLowerCase(), input.password)).toEqual({ status: 200, error: null });
    expect(await hasSession(api)).toBe(true);

    const me = await api.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect(await me.json()).toEqual({
      organization: { id: expect.any(String), name: "Mercado Central SA" },
      role: "owner",
      user: { id: user.id, name: "João Souza", email: input.email.toLowerCase() },
    });
  });

  test("without a session or token, /api/v1 answers 401 JSON", async ({ client }) => {
    const api = await client();
    await expectJsonError(await api.get("/api/v1/me"), 401);
    await expectJsonError(await api.get("/api/v1/tokens"), 401);
  });

  test("a method a route does not have answers 405 JSON with its code and the methods it has (Allow)", async ({ client }) => {
    const api = await client();
    for (const [method, path] of [
      ["DELETE", "/api/v1/events"],
      ["PUT", "/api/v1/events"],
      ["GET", "/api/v1/tokens/0195f000-0000-7000-8000-000000000000"],
    ]) {
      const response = await api.fetch(path, { method });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["content-type"]).toContain("application/json");
      expect(await response.json()).toMatchObject({ code: "method.not_allowed", errors: [expect.stringContaining(method)] });
      expect(response.headers()["allow"], `${method} ${path}`).not.toContain(method);
    }
    expect((await api.fetch("/api/v1/events", { method: "DELETE" })).headers()["allow"]).toBe("GET, POST, HEAD, OPTIONS");
  });

  test("an e-mail that already has an account, in any case, is refused with errors.email", async ({ client }) => {
    const api = await client();
    const first = account();
    await signUp(api, first);
    const again = await api.post("/api/sign-up", { data: account({ email: first.email.toUpperCase(), organization: "Outra" }) });
    expect(await expectJsonError(again, 422)).toEqual({ email: ["is already taken"] });
    expect(await again.json()).toMatchObject({ code: "email.taken", field_codes: { email: ["email.taken"] } });
  });

  test("invalid sign-up fields are each named in a 422", async ({ client }) => {
    const api = await client();
    const cases: [Partial<Account>, Record<string, string[]>, Record<string, string[]>][] = [
      [{ email: "não-é-um-email" }, { email: ["is not a valid e-mail address"] }, { email: ["email.invalid"] }],
      [{ password: "1234567" }, { password: ["is too short (8 characters at least)"] }, { password: ["password.too_short"] }],
      [{ organization: "  " }, { organization: ["can't be blank"] }, { organization: ["blank"] }],
    ];
    for (const [fields, errors, codes] of cases) {
      const response = await api.post("/api/sign-up", { data: account(fields) });
      expect(await expectJsonError(response, 422)).toEqual(errors);
      expect((await response.json()).field_codes).toEqual(codes);
    }
    const all = await api.post("/api/sign-up", { data: { name: "Maria", email: "x", password: "curta", organization: "" } });
    expect(Object.keys((await expectJsonError(all, 422)) as object).sort()).toEqual(["email", "organization", "password"]);
  });

  test("malformed JSON on sign-up is a 400 JSON answer", async ({ client }) => {
    const api = await client();
    const response = await api.post("/api/sign-up", { headers: { "content-type": "application/json" }, data: Buffer.from('{"email":') });
    await expectJsonError(response, 400);
  });

  test("a wrong password gets no session", async ({ client }) => {
    const api = await client();
    const input = account();
    await signUp(api, input);
    expect(await signIn(api, input.email, "senha-errada-000")).toEqual({ status: 401, error: "CredentialsSignin" });
    expect(await hasSession(api)).toBe(false);
    await expectJsonError(await api.get("/api/v1/me"), 401);
  });

  test("wrong passwords slow down the guessing address only: the owner still signs in from theirs", async ({ client }) => {
    const attacker = await client();
    const victim = account();
    await signUp(attacker, victim);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await signIn(attacker, victim.email, `senha-errada-${i}`));
    // three free tries; the third failure starts a growing delay, and the fourth try lands inside it
    expect(results.slice(0, 3).map((r) => r.error)).toEqual(Array(3).fill("CredentialsSignin"));
    expect(results[3]).toEqual({ status: 401, error: "rate_limited" });
    expect(await signIn(attacker, victim.email, victim.password)).toEqual({ status: 401, error: "rate_limited" });

    const owner = await client();
    expect(await signIn(owner, victim.email, victim.password)).toEqual({ status: 200, error: null });
    expect(await hasSession(owner)).toBe(true);

    const bystander = account();
    await signUp(await client(), bystander);
    expect(await signIn(attacker, bystander.email, bystander.password)).toEqual({ status: 200, error: null });
  });

  test("one address guessing across many e-mails is slowed down for every e-mail", async ({ client }) => {
    const sprayer = await client();
    const target = account();
    await signUp(await client(), target);
    for (let i = 0; i < 20; i++) expect((await signIn(sprayer, uniqueEmail("spray"), "senha-errada")).error).toBe("CredentialsSignin");
    expect(await signIn(sprayer, target.email, target.password)).toEqual({ status: 401, error: "rate_limited" });
    expect(await signIn(await client(), target.email, target.password)).toEqual({ status: 200, error: null });
  });
});

test.describe("cookie-authenticated changes", () => {
  test("need a same-origin Origin header", async ({ client, baseURL }) => {
    const api = await client();
    await signedIn(api);
    const create = (headers: Record<string, string>) => api.post("/api/v1/tokens", { headers, data: { name: "ERP" } });

    expect(await expectJsonError(await create({ origin: "https://evil.example" }), 403)).toEqual([expect.stringMatching(/origin/i)]);
    await expectJsonError(await create({}), 403);
    await expectJsonError(await create({ origin: "null" }), 403);
    expect((await (await api.get("/api/v1/tokens")).json()).tokens).toEqual([]);

    const created = await create({ origin: baseURL! });
    expect(created.status()).toBe(201);
    const { token, secret } = await created.json();
    expect(secret).toMatch(/^nfe_/);

    await expectJsonError(await api.delete(`/api/v1/tokens/${token.id}`, { headers: { origin: "https://evil.example" } }), 403);
    expect((await (await api.get("/api/v1/tokens")).json()).tokens.map((t: { id: string }) => t.id)).toEqual([token.id]);
  });
});

test.describe("API tokens across organizations", () => {
  test("organization B's token gets 404 on A's token id, and A's token keeps working", async ({ client, baseURL }) => {
    const [browserA, browserB, script] = await Promise.all([client(), client(), client()]);
    await signedIn(browserA, account({ organization: "Organização A" }));
    await signedIn(browserB, account({ organization: "Organização B" }));
    const mint = async (api: APIRequestContext) =>
      (await api.post("/api/v1/tokens", { headers: { origin: baseURL! }, data: { name: "ERP" } })).json();
    const a = await mint(browserA);
    const b = await mint(browserB);
    const as = (secret: string) => ({ authorization: `Bearer ${secret}` });
    const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`${secret}:`).toString("base64")}` });

    expect(await expectJsonError(await script.delete(`/api/v1/tokens/${a.token.id}`, { headers: as(b.secret) }), 404)).toEqual([
      "token not found",
    ]);
    await expectJsonError(await script.delete(`/api/v1/tokens/${a.token.id}`, { headers: basic(b.secret) }), 404);
    await expectJsonError(await browserB.delete(`/api/v1/tokens/${a.token.id}`, { headers: { origin: baseURL! } }), 404);

    const meA = await script.get("/api/v1/me", { headers: basic(a.secret) });
    expect(meA.status()).toBe(200);
    expect((await meA.json()).organization.name).toBe("Organização A");
    const listB = await (await script.get("/api/v1/tokens", { headers: as(b.secret) })).json();
    expect(listB.tokens.map((t: { id: string }) => t.id)).toEqual([b.token.id]);

    expect((await script.delete(`/api/v1/tokens/${a.token.id}`, { headers: as(a.secret) })).status()).toBe(204);
    await expectJsonError(await script.get("/api/v1/me", { headers: as(a.secret) }), 401);
  });
});

test("an unknown API path answers 404 JSON, never an HTML page", async ({ client }) => {
  const api = await client();
  for (const response of [await api.get("/api/nope"), await api.post("/api/v1/nope", { data: {} }), await api.get("/api/v1/tokens/a/b")]) {
    expect(await expectJsonError(response, 404)).toEqual(["no such API route"]);
  }
});

test.describe("sessions", () => {
  test("a session cookie stops working at sign-out, even when replayed", async ({ client }) => {
    const api = await client();
    await signedIn(api);
    const cookie = (await api.storageState()).cookies.find((c) => c.name.endsWith("next-auth.session-token"))!;
    expect((await api.get("/api/v1/me")).status()).toBe(200);
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    await api.post("/api/auth/signout", { form: { csrfToken, json: "true" } });

    const replay = await client();
    const response = await replay.get("/api/v1/me", { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(response.status()).toBe(401);
  });

  test("sign out everywhere ends every session of the user", async ({ client, baseURL }) => {
    const first = await client();
    const input = account();
    await signedIn(first, input);
    const second = await client();
    expect(await signIn(second, input.email, input.password)).toEqual({ status: 200, error: null });
    const ended = await second.delete("/api/v1/me/sessions", { headers: { origin: baseURL! } });
    expect(ended.status()).toBe(200);
    expect((await ended.json()).ended).toBe(2);
    expect((await first.get("/api/v1/me")).status()).toBe(401);
    expect((await second.get("/api/v1/me")).status()).toBe(401);
  });
});

test.describe("sign-up from another site", () => {
  test("is refused, also as text/plain; an API client without Origin still signs up", async ({ client }) => {
    const api = await client();
    const input = account();
    const forged = await api.post("/api/sign-up", {
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      data: JSON.stringify(input),
    });
    await expectJsonError(forged, 403);
    expect((await forged.json()).code).toBe("origin.refused");
    await signUp(api, input);
  });

  test("a bad callbackUrl at sign-in is a clean redirect to the account screen, never a 500", async ({ client, baseURL }) => {
    const api = await client();
    const input = account();
    await signUp(api, input);
    for (const callbackUrl of ["http://[", "https://evil.example/steal", "javascript:alert(1)"]) {
      const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
      const response = await api.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: input.email, password: input.password, callbackUrl, json: "true" },
      });
      expect(response.status(), callbackUrl).toBe(200);
      const { url } = await response.json();
      expect(new URL(url).origin).toBe(new URL(baseURL!).origin);
    }
  });
});
