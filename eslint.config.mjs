// Lint rules, including the direction of imports (README "Architecture"):
//   app/ → components/ → lib/;   inside the core (lib/webhooks/): engine and log may use endpoints,
//   outbound and catalog; endpoints may use outbound and catalog; outbound and catalog use nothing
//   of the core; no core module knows about HTTP routes (lib/api) or Next.js.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const core = (...rooms) => rooms.map((room) => `@/lib/webhooks/${room}`).flatMap((p) => [p, `${p}/*`]);

/** `no-restricted-imports` for files that may not reach `groups` (plus no `../` climbing anywhere). */
function mayNotImport(files, groups, message) {
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../*", "../**"], message: "import across folders with @/" },
            { group: groups, message },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "lib/api/openapi-types.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-imports": ["error", { patterns: [{ group: ["../*", "../**"], message: "import across folders with @/" }] }],
    },
  },
  {
    files: ["app/**/*.tsx", "components/**/*.tsx", "lib/queries/**/*.ts"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      // no React Compiler here: its notes on libraries it cannot memoise (react-hook-form) do not apply
      "react-hooks/incompatible-library": "off",
      // sign-in, sign-up and sign-out reload the whole page on purpose: the session changes
      "@next/next/no-location-assign-relative-destination": "off",
    },
  },
  mayNotImport(
    ["lib/**"],
    ["@/app/*", "@/app/**", "@/components/*", "@/components/**"],
    "lib/ is used by app/ and components/, never the other way round",
  ),
  mayNotImport(["components/**"], ["@/app/*", "@/app/**"], "components/ are used by app/, never the other way round"),
  mayNotImport(
    ["lib/webhooks/catalog/**"],
    [...core("outbound", "endpoints", "engine", "log"), "@/lib/api/*", "next", "next/*"],
    "the catalog uses nothing of the core",
  ),
  mayNotImport(
    ["lib/webhooks/outbound/**"],
    [...core("catalog", "endpoints", "engine", "log"), "@/lib/api/*", "@/lib/db", "@/lib/db/*", "next", "next/*"],
    "outbound (the only code that talks to receivers) uses nothing of the core and no database",
  ),
  mayNotImport(
    ["lib/webhooks/formats/**"],
    [...core("endpoints", "engine", "log"), "@/lib/api/*", "@/lib/db", "@/lib/db/*", "next", "next/*"],
    "payload formats use the catalog and outbound only",
  ),
  mayNotImport(
    ["lib/webhooks/endpoints/**"],
    [...core("engine", "log"), "@/lib/api/*", "next", "next/*"],
    "endpoints may use outbound and catalog only",
  ),
  mayNotImport(
    ["lib/webhooks/engine/**"],
    [...core("log"), "@/lib/api/*", "next", "next/*"],
    "the engine may use endpoints, outbound and catalog",
  ),
  mayNotImport(
    ["lib/webhooks/log/**"],
    [...core("engine"), "@/lib/api/*", "next", "next/*"],
    "the log may use endpoints, outbound and catalog",
  ),
  {
    files: ["**/*.test.ts", "test/**", "e2e/**", "scripts/**"],
    rules: { "no-restricted-imports": "off" },
  },
  prettier,
);
