// POST /api/v1/events with an API token, served by plain node:http in the web process (scripts/web.ts)
// instead of a Next.js route handler: it is the one hot path of the API, and Next.js spends ~2 ms of
// CPU per request before a route runs, more than publishing itself. Same authentication, limits,
// validation, errors and answers as the route (app/api/v1/events/route.ts), which still serves
// cookie-authenticated publishes and the tests that call it directly.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorReply, parseJsonBody, parseOrThrow } from "@/lib/api/handler";
import { authenticateAuthorization, canChange, clientAddress } from "@/lib/api/principal";
import { Forbidden, PayloadTooLarge } from "@/lib/errors";
import { MAX_EVENT_BYTES, publishEvent, publishSchema, type PublishInput } from "@/lib/webhooks/engine/publish";

/** Requests this path serves; everything else goes to Next.js. */
export function isFastPublish(req: IncomingMessage): boolean {
  return req.method === "POST" && req.url === "/api/v1/events" && req.headers.authorization !== undefined;
}

function readText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(new PayloadTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // stop buffering; node discards the rest of the body once the 413 is sent
      req.off("data", onData);
      reject(new PayloadTooLarge(limit));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function fastPublish(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const principal = await authenticateAuthorization(
      req.headers.authorization ?? "",
      clientAddress(req.headers["x-forwarded-for"]?.toString()),
    );
    if (!canChange(principal.role)) throw new Forbidden("your role can view but not change this");
    const text = await readText(req, MAX_EVENT_BYTES);
    const input = parseOrThrow(publishSchema, parseJsonBody(text) ?? {}) as PublishInput;
    const { created, ...payload } = await publishEvent(principal.organizationId, input);
    send(res, created ? 202 : 200, payload);
  } catch (error) {
    const reply = errorReply(error);
    // a body left unread (too large, refused token) is not worth keeping the connection for
    if (!req.complete) res.setHeader("connection", "close");
    send(res, reply.status, reply.body, reply.headers);
  }
}
