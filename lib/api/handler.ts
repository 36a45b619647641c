// The wrapper every route handler goes through: authenticate, resolve the organization, parse the
// input with zod, and turn thrown errors into JSON `{"errors": …}` with the right status.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { ApiError, BadRequest, Forbidden, PayloadTooLarge, type FieldErrors } from "@/lib/errors";
import { authenticate, canChange, type Principal } from "@/lib/api/principal";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<B extends Schema, Q extends Schema> {
  /** "public" skips authentication (sign-up) */
  auth?: "required" | "public";
  /** minimum role; default: viewers may read, changes need admin */
  role?: "viewer" | "admin";
  body?: B;
  query?: Q;
  maxBodyBytes?: number;
}

export interface RouteContext<B extends Schema, Q extends Schema> {
  request: NextRequest;
  params: Record<string, string>;
  principal: Principal;
  body: Parsed<B>;
  query: Parsed<Q>;
}

type Handler<B extends Schema, Q extends Schema> = (ctx: RouteContext<B, Q>) => Promise<Response | object | null>;

export function zodErrors(error: z.ZodError, prefix = ""): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "base";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json(data, { status, headers });
}

export interface ErrorReply {
  status: number;
  body: { errors: FieldErrors | string[] };
  headers: Record<string, string>;
}

/** What a thrown error answers: its status, `{"errors": …}` and headers (500 for the unexpected). */
export function errorReply(error: unknown): ErrorReply {
  if (error instanceof ApiError) return { status: error.status, body: { errors: error.errors }, headers: error.headers };
  if (error instanceof z.ZodError) return { status: 422, body: { errors: zodErrors(error) }, headers: {} };
  console.error("unhandled API error:", error instanceof Error ? error.stack : error);
  return { status: 500, body: { errors: ["internal error"] }, headers: {} };
}

export function errorResponse(error: unknown): NextResponse {
  const reply = errorReply(error);
  return json(reply.body, reply.status, reply.headers);
}

async function readBody(request: NextRequest, limit: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw new PayloadTooLarge(limit);
  if (!request.body) return undefined;
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
  return parseJsonBody(Buffer.concat(chunks).toString("utf8"));
}

/** A request body as JSON: undefined when empty, 400 when malformed. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("malformed JSON body");
  }
}

const ANONYMOUS: Principal = { kind: "user", userId: "", organizationId: "", role: "viewer" };

export function route<B extends Schema = undefined, Q extends Schema = undefined>(options: RouteOptions<B, Q>, handler: Handler<B, Q>) {
  return async (request: NextRequest, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const principal = options.auth === "public" ? ANONYMOUS : await authenticate(request);
      const needed = options.role ?? (request.method === "GET" ? "viewer" : "admin");
      if (options.auth !== "public" && needed === "admin" && !canChange(principal.role)) {
        throw new Forbidden("your role can view but not change this");
      }
      const raw = options.body ? await readBody(request, options.maxBodyBytes ?? 64 * 1024) : undefined;
      const body = options.body ? parseOrThrow(options.body, raw ?? {}) : undefined;
      const query = options.query ? parseOrThrow(options.query, Object.fromEntries(request.nextUrl.searchParams)) : undefined;
      const params = (await context.params) ?? {};
      const result = await handler({ request, params, principal, body: body as Parsed<B>, query: query as Parsed<Q> });
      if (result instanceof Response) return result;
      return result === null ? new NextResponse(null, { status: 204 }) : json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function parseOrThrow(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError(422, zodErrors(result.error));
  return result.data;
}
