// End-to-end tests in Debian's Chromium against the real launcher (embedded PostgreSQL, worker,
// production build) on a fresh DATA_DIR.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "nfe-webhooks-e2e-"));
export const baseURL = `http://127.0.0.1:${port}`;
/** the server's OPERATOR_API_KEY (platform mode): e2e/portal.spec.ts calls the operator routes with it */
export const E2E_OPERATOR_KEY = "nfeop_e2e-operator-key-0123456789abcdefghijklmnopqrstuv";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    locale: "pt-BR",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node_modules/.bin/node --import ./scripts/server-only.mjs --import tsx scripts/start.ts",
    url: `${baseURL}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_VERBOSE ? "pipe" : "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      ALLOW_PRIVATE_WEBHOOK_URLS: "true",
      WEBHOOK_RETRY_SCHEDULE: "1,2,2,2",
      // as behind one reverse proxy: API specs give each simulated client its own X-Forwarded-For
      TRUST_PROXY: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      // platform mode: e2e/portal.spec.ts embeds the portal in a page served on the next port
      OPERATOR_API_KEY: E2E_OPERATOR_KEY,
      PORTAL_ALLOWED_ORIGINS: `http://127.0.0.1:${port + 1}`,
    },
  },
});
