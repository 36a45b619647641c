// Who is calling: a signed-in user (session cookie) or an API token, and in which organization.
// The organization always comes from here, never from the request.
import type { NextRequest } from "next/server";
import { authenticateToken } from "@/lib/auth/tokens";
import { currentUser } from "@/lib/auth/session";
import { Forbidden, TooManyRequests, Unauthorized } from "@/lib/errors";
import { tokenGuessLimiter } from "@/lib/rate-limit";
import type { Role } from "@/lib/generated/prisma/enums";

export type Principal =
  | { kind: "user"; userId: string; organizationId: string; role: Role }
  | { kind: "token"; tokenId: string; organizationId: string; role: Role };

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

/** The client's address for rate limits (see README: behind a proxy, X-Forwarded-For). */
export function clientAddress(forwardedFor: string | null | undefined): string {
  return forwardedFor?.split(",")[0]?.trim() || "local";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated changes must come from our own pages: Origin must match the Host. */
function checkOrigin(request: NextRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | undefined;
  try {
    originHost = origin ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || !host || originHost !== host)
    throw new Forbidden("cross-origin request refused: a same-origin Origin header is required");
}

/** An API token presented in an Authorization header; failures count against the client's address. */
export async function authenticateAuthorization(authorization: string, address: string): Promise<Principal> {
  const key = `ip:${address}`;
  const wait = tokenGuessLimiter.blockedFor(key);
  if (wait > 0) throw new TooManyRequests(wait);
  const token = presentedToken(authorization);
  const principal = token ? await authenticateToken(token) : null;
  if (!principal) {
    tokenGuessLimiter.hit(key);
    throw new Unauthorized("invalid or revoked API token");
  }
  return { kind: "token", tokenId: principal.tokenId, organizationId: principal.organizationId, role: "admin" };
}

export async function authenticate(request: NextRequest): Promise<Principal> {
  const authorization = request.headers.get("authorization");
  if (authorization) return authenticateAuthorization(authorization, clientAddress(request.headers.get("x-forwarded-for")));
  const user = await currentUser();
  if (!user) throw new Unauthorized();
  checkOrigin(request);
  return { kind: "user", userId: user.id, organizationId: user.organizationId, role: user.role };
}

export function canChange(role: Role): boolean {
  return role === "owner" || role === "admin";
}
