// Authenticating an operator request (lib/api/route.ts, `auth: "operator"`): the Bearer key must be
// one of OPERATOR_API_KEY. Anything else — an organization token, a session cookie, no key, a wrong
// key — answers 401 `operator.required`; wrong keys count against the client's address like bad
// tokens (429 past the limit). A valid key spends from its own budget (OPERATOR_RATE_PER_MIN, 429
// with Retry-After past it), never another key's or an address's.
import "server-only";
import { presentedToken } from "@/lib/api/principal";
import type { ApiRequest } from "@/lib/api/route";
import { env } from "@/lib/env";
import { TooManyRequests, Unauthorized } from "@/lib/errors";
import { matchOperatorKey, type Operator } from "@/lib/operator/credential";
import { RateLimit, tokenGuessLimit } from "@/lib/rate-limit";

export type { Operator };

let operatorLimit: RateLimit | undefined;

export async function authenticateOperatorRequest(request: ApiRequest, address: string): Promise<Operator> {
  const authorization = request.headers.get("authorization");
  const bearer = authorization && /^bearer\s/i.test(authorization.trim()) ? presentedToken(authorization) : undefined;
  const operator = matchOperatorKey(bearer, env.OPERATOR_API_KEY);
  if (!operator) {
    if (authorization) {
      const wait = await tokenGuessLimit.hit(`ip:${address}`);
      if (wait > 0) throw new TooManyRequests(wait);
    }
    throw new Unauthorized(
      "operator.required",
      env.OPERATOR_API_KEY.length
        ? "operator routes take only an OPERATOR_API_KEY as a Bearer token (organization tokens do not work here)"
        : "platform mode is off: set OPERATOR_API_KEY on the server to use the operator routes",
    );
  }
  operatorLimit ??= new RateLimit("operator", env.OPERATOR_RATE_PER_MIN, 60);
  const wait = await operatorLimit.hit(operator.keyId);
  if (wait > 0) throw new TooManyRequests(wait, `this operator key is past OPERATOR_RATE_PER_MIN (${env.OPERATOR_RATE_PER_MIN})`);
  return operator;
}
