// Preloaded (`--import ./scripts/server-only.mjs`) by every Node process that runs our server code
// outside Next.js (launcher, web server, worker, scripts, tests' workers): `import "server-only"`
// marks server modules so that Next.js refuses to bundle them into browser code, and outside
// Next.js's react-server condition the package would throw. Here it resolves to its empty module.
import { registerHooks } from "node:module";

const empty = new URL("../node_modules/server-only/empty.js", import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "server-only") return { url: empty, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
