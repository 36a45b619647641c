// `npm run -s operator -- key | portal …`, run as a user would (a child process on this file's database).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useLink } from "@/lib/auth/links";
import { parseEnv } from "@/lib/env";
import { matchOperatorKey } from "@/lib/operator/credential";
import { upsertTenant } from "@/lib/operator/tenants";

const root = path.resolve(import.meta.dirname, "../..");
const run = (args: string[]) =>
  promisify(execFile)(
    path.join(root, "node_modules/.bin/node"),
    ["--import", "./scripts/server-only.mjs", "--import", "tsx", "scripts/operator.ts", ...args],
    { cwd: root, env: { ...process.env, APP_URL: "https://webhooks.example.test" }, timeout: 60_000 },
  );

describe("npm run operator", () => {
  it("key: prints a new random key that OPERATOR_API_KEY accepts", async () => {
    const [a, b] = await Promise.all([run(["key"]), run(["key"])]);
    expect(a.stdout.trim()).toMatch(/^nfeop_[A-Za-z0-9_-]{43}$/);
    expect(a.stdout.trim()).not.toBe(b.stdout.trim());
    const keys = parseEnv({ OPERATOR_API_KEY: `${a.stdout.trim()},${b.stdout.trim()}` }).OPERATOR_API_KEY;
    expect(matchOperatorKey(b.stdout.trim(), keys)).not.toBeNull();
  });

  it("portal: prints a working single-use URL for the tenant; an unknown tenant is an error", async () => {
    await upsertTenant("suporte-1", { name: "Cliente do Suporte" });
    const { stdout } = await run(["portal", "suporte-1", "--email", "suporte@cliente.test", "--role", "viewer", "--embed"]);
    const url = new URL(stdout.trim());
    expect(url.origin).toBe("https://webhooks.example.test");
    expect(url.searchParams.get("embed")).toBe("1");
    const token = url.pathname.split("/").pop()!;
    const link = await useLink("portal", token);
    expect(link).toMatchObject({ email: "suporte@cliente.test", role: "viewer" });
    await expect(run(["portal", "nao-existe", "--email", "x@y.test"])).rejects.toMatchObject({
      stderr: expect.stringMatching(/not found/),
    });
  });
});
