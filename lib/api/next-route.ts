// The Next.js adapter: every app/api route file exports `route(options, handler)`, a Next.js route
// handler that runs the definition (lib/api/route.ts). The definition stays reachable as
// `.definition`, so the node:http adapter can run the same one (scripts/web.ts).
import { API_HEADERS, baseSecurityHeaders } from "@/lib/http/security-headers";
import { env } from "@/lib/env";
import { PayloadTooLarge } from "@/lib/errors";
import { defineRoute, runRoute, type ApiRequest, type Reply, type RouteDefinition, type RouteOptions } from "@/lib/api/route";
import type { z } from "zod";

/** Set by scripts/web.ts on every request it hands to Next.js (a client's own value is replaced). */
export const PEER_ADDRESS_HEADER = "x-nfe-peer-address";

type Schema = z.ZodType | undefined;
type NextContext = { params: Promise<Record<string, string>> };
export type NextRouteHandler = ((request: Request, context: NextContext) => Promise<Response>) & { definition: RouteDefinition };

async function readWebBody(request: Request, limit: number): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw new PayloadTooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLarge(limit);
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks);
}

export function fromWebRequest(request: Request): ApiRequest {
  return {
    method: request.method,
    url: new URL(request.url),
    headers: request.headers,
    peerAddress: request.headers.get(PEER_ADDRESS_HEADER) ?? "unknown",
    readBody: (limit) => readWebBody(request, limit),
  };
}

export function toResponse(reply: Reply): Response {
  const headers = { ...baseSecurityHeaders(env.APP_URL), ...API_HEADERS, ...reply.headers };
  if (reply.status === 204 || reply.body === null) return new Response(null, { status: reply.status, headers });
  return Response.json(reply.body, { status: reply.status, headers });
}

export function route<B extends Schema = undefined, Q extends Schema = undefined>(
  options: RouteOptions<B, Q>,
  handler: Parameters<typeof defineRoute<B, Q>>[1],
): NextRouteHandler {
  const definition = defineRoute(options, handler);
  const run = async (request: Request, context: NextContext) =>
    toResponse(await runRoute(definition, fromWebRequest(request), (await context?.params) ?? {}));
  return Object.assign(run, { definition: definition as unknown as RouteDefinition });
}
