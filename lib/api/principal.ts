// Who is calling: a signed-in user (session cookie) or an API token, and in which organization.
// The organization always comes from here, never from the request.
import { authenticateToken, type EffectiveScope, type TokenRefusal } from "@/lib/auth/tokens";
import { parseCookies, userFromCookies } from "@/lib/auth/session-user";
import { canChange } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { ApiError, Forbidden, TooManyRequests, Unauthorized } from "@/lib/errors";
import { tokenGuessLimit } from "@/lib/rate-limit";
import type { Role } from "@/lib/generated/prisma/enums";
import type { ApiRequest } from "@/lib/api/route";
import { environmentLimited, type Environment } from "@/lib/webhooks/environments";

export type Principal =
  | {
      kind: "user";
      userId: string;
      organizationId: string;
      role: Role;
      sessionId: string;
      /** a portal session (platform mode): the webhook routes of this organization only (PORTAL_API) */
      portal?: boolean;
    }
  | {
      kind: "token";
      tokenId: string;
      organizationId: string;
      /** what the token may do as a role: admin only for an admin-scoped token of an admin */
      role: Role;
      scope: EffectiveScope;
      /** the member who made it (tokens it makes are theirs too); null for operator tokens */
      createdById: string | null;
      /** the only environment it publishes in and lists (null: both) */
      environment: Environment | null;
    };

/** What a route needs: reading, publishing events, or changing things. */
export type Need = "read" | "publish" | "admin";

/** Whether the caller may do what the route needs; users by role, tokens by their (bounded) scope. */
export function may(principal: Principal, need: Need): boolean {
  if (principal.kind === "user") return need === "read" || canChange(principal.role);
  switch (principal.scope) {
    case "admin":
      return true;
    case "read":
      return need === "read";
    case "publish":
      return need === "publish";
    case "none":
      return false;
  }
}

/** Bearer token, or HTTP Basic with the token as user name (as Cobrato and Focus clients send it). */
export function presentedToken(header: string | null): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return undefined;
  if (/^bearer$/i.test(scheme!)) return value;
  if (/^basic$/i.test(scheme!)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.split(":")[0] || undefined;
  }
  return undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origin our own pages are served from: APP_URL, else the request's own host and port over http
 * (this server never terminates TLS itself: behind an https proxy, set APP_URL or TRUST_PROXY).
 */
function ownOrigin(request: ApiRequest): string | undefined {
  if (env.APP_URL) return env.APP_URL;
  const forwarded = env.TRUST_PROXY.kind !== "none";
  const host = (forwarded && request.headers.get("x-forwarded-host")?.split(",")[0]?.trim()) || request.headers.get("host");
  const scheme = (forwarded && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim()) || "http";
  if (!host) return undefined;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined;
  }
}

/** Cookie-authenticated changes must come from our own pages: Origin must be our origin exactly. */
export function checkOrigin(request: ApiRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const expected = ownOrigin(request);
  if (!origin || !expected || origin !== expected) {
    throw new Forbidden("origin.refused", "cross-origin request refused: a same-origin Origin header is required");
  }
}

/**
 * A change nobody is signed in for (sign-up) from a browser must come from our pages too: a
 * cross-site Origin (or Sec-Fetch-Site: cross-site) is refused. API clients send neither.
 */
export function checkBrowserOrigin(request: ApiRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const crossSite = request.headers.get("sec-fetch-site") === "cross-site";
  if (crossSite || (origin !== null && origin !== ownOrigin(request))) {
    throw new Forbidden("origin.refused", "cross-origin request refused: a same-origin Origin header is required");
  }
}

/** A token that is unknown or revoked: 401, or 429 once its address has guessed too often. */
async function unknownToken(address: string): Promise<ApiError> {
  const wait = await tokenGuessLimit.hit(`ip:${address}`);
  return wait > 0 ? new TooManyRequests(wait) : new Unauthorized("token.invalid", "invalid or revoked API token");
}

const publishingTooFast = (wait: number) => new TooManyRequests(wait, "this token is publishing faster than its rate (PUBLISH_RATE_PER_S)");

export const outOfScope = (scope: EffectiveScope, need: Need) =>
  new Forbidden("token.scope", `this token's scope (${scope}) does not allow this (it needs ${need})`);

/**
 * An API token presented in an Authorization header. A valid token is never refused here; a failed
 * lookup counts against the client's address, and past the limit the answer is 429 instead of 401.
 */
export async function authenticateAuthorization(authorization: string, address: string, { publish = false } = {}): Promise<Principal> {
  const token = presentedToken(authorization);
  const found = token ? await authenticateToken(token, { publish }) : null;
  if (!found) throw await unknownToken(address);
  // only a token that may publish spends from (and is refused by) its publish budget
  if (found.publishWait > 0 && (found.scope === "publish" || found.scope === "admin")) throw publishingTooFast(found.publishWait);
  const { tokenId, organizationId, scope, createdById, environment } = found;
  return { kind: "token", tokenId, organizationId, scope, createdById, environment, role: scope === "admin" ? "admin" : "viewer" };
}

/** What a publish hears when the statement that checked its token refused it: as if looked up first. */
export async function refusalError({ code, scope, wait, environment }: TokenRefusal, address: string): Promise<ApiError> {
  switch (code) {
    case "token.invalid":
      return unknownToken(address);
    case "token.rate":
      return publishingTooFast(wait);
    case "token.scope":
      return outOfScope(scope ?? "none", "publish");
    case "environment.token_limited":
      return environmentLimited(environment!);
  }
}

export async function authenticate(request: ApiRequest, address: string, { publish = false } = {}): Promise<Principal> {
  const authorization = request.headers.get("authorization");
  if (authorization) return authenticateAuthorization(authorization, address, { publish });
  const user = await userFromCookies(parseCookies(request.headers.get("cookie")));
  if (!user) throw new Unauthorized();
  checkOrigin(request);
  return {
    kind: "user",
    userId: user.id,
    organizationId: user.organizationId,
    role: user.role,
    sessionId: user.sessionId,
    portal: user.portal,
  };
}

/**
 * What a portal session may call: the webhook screens' routes (webhooks, their log, resends, the
 * catalog, who am I). Not publishing, tokens, members, notifications, sessions or organizations.
 */
export function portalMayCall(method: string, pathname: string): boolean {
  if (method === "POST" && pathname === "/api/v1/events") return false;
  if (pathname === "/api/v1/me") return method === "GET";
  return /^\/api\/v1\/(webhooks|deliveries|events|event-types)(\/|$)/.test(pathname);
}

export type SessionPrincipal = Extract<Principal, { kind: "user" }>;

/** The signed-in user of a dashboard session; an API token (bound to its organization) is refused. */
export function sessionOf(principal: Principal): SessionPrincipal {
  if (principal.kind === "user") return principal;
  throw new Forbidden("session.required", "only a signed-in dashboard session can do this: an API token is bound to its organization");
}

/** Who did something, as the log records it: "user:<id>" or "token:<id>". */
export function actor(principal: Principal): string {
  return principal.kind === "user" ? `user:${principal.userId}` : `token:${principal.tokenId}`;
}

export { canChange };

/** The only environment the caller may publish in and list: a limited token's (null: both). */
export function limitedEnvironment(principal: Principal): Environment | null {
  return principal.kind === "token" ? principal.environment : null;
}

/**
 * The environment a request names (a list filter, a new webhook's or token's), checked against a
 * limited token: another one is a 422 on `environment`. Left out, it stays left out.
 */
export function withinEnvironment(principal: Principal, asked: Environment | null | undefined): Environment | null | undefined {
  const limit = limitedEnvironment(principal);
  if (limit && asked !== undefined && asked !== limit) throw environmentLimited(limit);
  return asked;
}
