// Calls App Router route handlers directly, as an API client with a Bearer token would.
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { ensureAccount, type SessionUser } from "@/lib/auth/accounts";
import { startSession } from "@/lib/auth/sessions";
import { createApiToken } from "@/lib/auth/tokens";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** parsed JSON: any, because each test asserts the shape it expects */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it expects
  json: any;
  text: string;
}

export interface CallOptions {
  /** the `[id]` route parameter */
  id?: string;
  /** an object is sent as JSON; a string is sent as it is */
  body?: unknown;
  headers?: Record<string, string>;
  /** other route parameters (`[external_id]`…) */
  params?: Record<string, string>;
}

export async function callRoute(handler: RouteHandler, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const request = new NextRequest(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json", ...options.headers },
    body,
  });
  const params: Record<string, string> = { ...options.params, ...(options.id === undefined ? {} : { id: options.id }) };
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

export interface ApiClient {
  organizationId: string;
  userId: string;
  token: string;
  call: (handler: RouteHandler, method: string, path: string, options?: CallOptions) => Promise<ApiResponse>;
}

/** A user, an organization of theirs and an API token for it. */
export async function apiClient(email: string, organization: string): Promise<ApiClient> {
  const { user } = await ensureAccount(email, organization);
  const { token } = await createApiToken(user.organizationId, { name: "tests" });
  return {
    organizationId: user.organizationId,
    userId: user.id,
    token,
    call: (handler, method, path, options = {}) =>
      callRoute(handler, method, path, { ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } }),
  };
}

/**
 * The headers of a signed-in dashboard request: a real next-auth session cookie for `user` and a
 * same-origin Origin (what the browser sends), for callRoute.
 */
export async function sessionHeaders(user: Pick<SessionUser, "id" | "organizationId" | "name" | "email">): Promise<Record<string, string>> {
  const jwt = await encode({
    token: {
      uid: user.id,
      organizationId: user.organizationId,
      sid: await startSession(user.id, user.organizationId),
      name: user.name,
      email: user.email,
    },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  return { cookie: `next-auth.session-token=${jwt}`, origin: "http://localhost", host: "localhost" };
}
