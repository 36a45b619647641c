// `nfe-webhooks` (the package's bin; `npm run cli -- …` in the checkout): receive webhooks without a
// public URL, e.g. on a developer's laptop.
//
//   nfe-webhooks listen --forward-to http://localhost:8080/webhooks [--events nfe.authorized,…] [--keep]
//   nfe-webhooks trigger <type> [--data file.json]
//   common: [--api http://host:3000] [--token …]  (or NFE_WEBHOOKS_API / NFE_WEBHOOKS_TOKEN)
//
// `listen` creates (or reuses, by a name derived from this machine) a polling endpoint, prints its
// signing secret once, long-polls its feed and POSTs each message to the local URL with the headers
// and body a push delivery has (signed with that endpoint's secret). It acknowledges a message only
// after the local receiver answered 2xx; a local failure is tried again with backoff, in order (the
// feed is read again from the last acknowledged message, with fresh signatures). Ctrl-C removes the
// endpoint unless --keep. Self-contained: it talks to the REST API only.
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { parseArgs } from "node:util";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "@/lib/api/openapi-types";

const USAGE = `usage:
  nfe-webhooks listen --forward-to <url> [--events type,…] [--environment producao|homologacao] [--keep] [--api <url>] [--token <token>]
  nfe-webhooks trigger <type> [--data file.json] [--environment producao|homologacao] [--api <url>] [--token <token>]
  (token and API URL also from NFE_WEBHOOKS_TOKEN and NFE_WEBHOOKS_API)`;

class ApiError extends Error {}

/** The typed client (openapi-fetch) over the types generated from GET /api/v1/openapi.json. */
type Api = Client<paths>;

function apiClient(base: string, token: string): Api {
  return createClient<paths>({ baseUrl: base, headers: { authorization: `Bearer ${token}` } });
}

/** The answer's JSON as `T`, or ApiError with the status and the API's errors. */
async function ok<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>, what: string): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(`${what} → ${response.status} ${JSON.stringify(error ?? null).slice(0, 300)}`);
  return data as T;
}

type Environment = "producao" | "homologacao";

interface Webhook {
  id: string;
  kind: string;
  description: string;
  event_types: string[];
}

interface FeedMessage {
  cursor: string;
  webhook_id: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

const time = () => new Date().toLocaleTimeString("pt-BR", { hour12: false });
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** The invoice's access key in a message body, when it has one (for the printed line). */
function accessKeyOf(body: string): string {
  try {
    const data = (JSON.parse(body) as { data?: Record<string, unknown> }).data ?? {};
    const key = data.chave ?? data.access_key ?? data.chave_nfe ?? (data.nfe as Record<string, unknown> | undefined)?.chave;
    return typeof key === "string" ? key : "-";
  } catch {
    return "-";
  }
}

async function listen(api: Api, options: { forwardTo: string; events: string[]; keep: boolean; environment?: Environment }) {
  const name = `nfe-webhooks listen · ${userInfo().username}@${hostname()}`;
  // one listener per environment: the one asked for (else the token's, else produção)
  const { webhooks } = await ok<{ webhooks: Webhook[] }>(
    api.GET("/api/v1/webhooks", { params: { query: { environment: options.environment } } }),
    "GET /api/v1/webhooks",
  );
  let endpoint = webhooks.find((w) => w.kind === "polling" && w.description === name);
  if (endpoint && options.events.length) {
    const id = endpoint.id;
    endpoint = (
      await ok<{ webhook: Webhook }>(
        api.PATCH("/api/v1/webhooks/{id}", { params: { path: { id } }, body: { event_types: options.events } }),
        "PATCH /api/v1/webhooks/:id",
      )
    ).webhook;
  }
  endpoint ??= (
    await ok<{ webhook: Webhook }>(
      api.POST("/api/v1/webhooks", {
        body: { kind: "polling", description: name, event_types: options.events, environment: options.environment },
      }),
      "POST /api/v1/webhooks",
    )
  ).webhook;
  const path = { id: endpoint.id };
  const { secret } = await ok<{ secret: string }>(api.GET("/api/v1/webhooks/{id}/secret", { params: { path } }), "GET …/secret");
  console.log(`▸ endpoint ${endpoint.id} (${endpoint.event_types.length ? endpoint.event_types.join(", ") : "every invoice event"})`);
  console.log(`▸ signing secret (verify with it locally): ${secret}`);
  console.log(`▸ forwarding to ${options.forwardTo} — Ctrl-C to stop`);

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  let backoff = 0;
  while (!stop.signal.aborted) {
    let messages: FeedMessage[];
    try {
      // from the last acknowledged message: a restart, or a local failure, loses nothing
      ({ messages } = await ok<{ messages: FeedMessage[] }>(
        api.GET("/api/v1/webhooks/{id}/feed", { params: { path, query: { wait: 25, limit: 50 } }, signal: stop.signal }),
        "GET …/feed",
      ));
    } catch (error) {
      if (stop.signal.aborted) break;
      console.error(`${time()}  ✖ ${(error as Error).message}`);
      await sleep(2_000, stop.signal);
      continue;
    }
    for (const m of messages) {
      const started = performance.now();
      let status: number | string;
      try {
        const response = await fetch(options.forwardTo, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "nfe-webhooks-listen", ...m.headers },
          body: m.body,
          signal: AbortSignal.timeout(15_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        status = (error as Error).name === "TimeoutError" ? "timeout" : "unreachable";
      }
      const ms = Math.round(performance.now() - started);
      console.log(`${time()}  ${m.type.padEnd(22)} ${accessKeyOf(m.body).padEnd(44)} → ${status} (${ms} ms)`);
      if (typeof status === "number" && status >= 200 && status < 300) {
        await ok(api.POST("/api/v1/webhooks/{id}/feed/ack", { params: { path }, body: { cursor: m.cursor } }), "POST …/feed/ack");
        backoff = 0;
        continue;
      }
      // in order: this one again (read afresh, newly signed) before any later one
      backoff = Math.min(backoff ? backoff * 2 : 1_000, 30_000);
      console.log(`${time()}  ↻ trying again in ${backoff / 1000} s`);
      await sleep(backoff, stop.signal);
      break;
    }
  }
  if (!options.keep) {
    await ok(api.DELETE("/api/v1/webhooks/{id}", { params: { path } }), "DELETE /api/v1/webhooks/:id").catch((error: Error) =>
      console.error(`✖ ${error.message}`),
    );
    console.log("▸ endpoint removed");
  } else console.log(`▸ endpoint ${endpoint.id} kept (--keep): the next listen continues where this one stopped`);
}

async function trigger(api: Api, type: string | undefined, dataFile: string | undefined, environment: Environment | undefined) {
  if (!type) throw new Error(USAGE);
  let data: Record<string, unknown>;
  if (dataFile) data = JSON.parse(readFileSync(dataFile, "utf8"));
  else {
    const { event_types } = await ok<{ event_types: { name: string; example: Record<string, unknown> }[] }>(
      api.GET("/api/v1/event-types", {}),
      "GET /api/v1/event-types",
    );
    const found = event_types.find((t) => t.name === type);
    if (!found) throw new Error(`unknown event type ${type}: ${event_types.map((t) => t.name).join(", ")}`);
    data = found.example;
  }
  const published = await ok<{ event: { id: string; environment: string }; deliveries: unknown[] }>(
    api.POST("/api/v1/events", { body: { type, data, environment } }),
    "POST /api/v1/events",
  );
  console.log(
    `▸ published ${type} in ${published.event.environment} (event ${published.event.id}, ${published.deliveries.length} deliveries)`,
  );
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "forward-to": { type: "string" },
      events: { type: "string" },
      keep: { type: "boolean", default: false },
      api: { type: "string" },
      token: { type: "string" },
      data: { type: "string" },
      environment: { type: "string" },
    },
  });
  const [command, ...rest] = positionals;
  const base = values.api ?? process.env.NFE_WEBHOOKS_API ?? "http://localhost:3000";
  const token = values.token ?? process.env.NFE_WEBHOOKS_TOKEN;
  if (!command || !["listen", "trigger"].includes(command)) throw new Error(USAGE);
  if (!token)
    throw new Error("a token is needed: --token or NFE_WEBHOOKS_TOKEN (create one on the account screen or with npm run -s token)");
  const api = apiClient(base, token);
  if (values.environment !== undefined && !["producao", "homologacao"].includes(values.environment)) {
    throw new Error(`--environment is producao or homologacao, not ${values.environment}`);
  }
  const environment = values.environment as Environment | undefined;
  if (command === "listen") {
    if (!values["forward-to"]) throw new Error(USAGE);
    const events = (values.events ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    return listen(api, { forwardTo: values["forward-to"], events, keep: values.keep, environment });
  }
  return trigger(api, rest[0], values.data, environment);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  },
);
