// One instance per process, even when a module is loaded twice: the web process runs the app's
// Next.js bundle and, beside it, the same modules through tsx (the fast publish path, scripts/web.ts).
// State that must be shared by both (token cache, rate limits, database pools) lives on globalThis.
export function processShared<T>(name: string, create: () => T): T {
  const key = Symbol.for(`nfe-webhooks:${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  return (store[key] ??= create());
}
