"use client";

import { useTranslations } from "use-intl";
import type { PingResult } from "@/lib/queries/webhooks";

const TLS_DETAILS: [RegExp, string][] = [
  [/^CERT_HAS_EXPIRED$/, "tlsExpired"],
  [/SELF_SIGNED/, "tlsSelfSigned"],
  [/ALTNAME|HOSTNAME_MISMATCH/, "tlsHostname"],
];
const CONNECT_DETAILS: Record<string, string> = {
  ECONNREFUSED: "refused",
  ECONNRESET: "reset",
  EPIPE: "reset",
  UND_ERR_SOCKET: "reset",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
};

/** Which sentence of `webhooks.ping.detail` tells a failed test request, from its kind and system code. */
function detailOf(kind: string | null, code: string | null): string {
  if (kind === "tls") return TLS_DETAILS.find(([pattern]) => code && pattern.test(code))?.[1] ?? "tls";
  if (kind === "connect") return (code && CONNECT_DETAILS[code]) || "connect";
  return kind && ["http", "redirect", "timeout", "dns", "blocked"].includes(kind) ? kind : "unknown";
}

/**
 * "Detalhe técnico" of a failed test request in the reader's language, built from the structured
 * outcome (status code, kind of failure, the system's code such as ECONNREFUSED), never from the
 * API's English `message`.
 */
export function usePingDetail() {
  const t = useTranslations("webhooks.ping.detail");
  return (ping: PingResult): string =>
    t(detailOf(ping.error_kind, ping.error_code) as "unknown", {
      status: ping.status_code ?? 0,
      code: ping.error_code ?? "none",
      seconds: Math.round(ping.duration_ms / 1000),
    });
}
