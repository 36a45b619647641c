// How alerts say things: the last error, and a stretch of time, as a person reads them.
import type { Locale } from "@/lib/i18n/config";

export interface LastError {
  response_status: number | null;
  error_kind: string | null;
  error_message: string | null;
}

/** "o servidor respondeu 500", "tempo esgotado após 15 s", "certificado TLS inválido"… */
export function errorInWords(error: LastError, locale: Locale, timeoutMs: number): string {
  const pt = locale === "pt-BR";
  switch (error.error_kind) {
    case "http":
      return pt ? `o servidor respondeu ${error.response_status}` : `the server answered ${error.response_status}`;
    case "timeout":
      return pt ? `tempo esgotado após ${timeoutMs / 1000} s` : `timed out after ${timeoutMs / 1000} s`;
    case "tls":
      return pt ? "certificado TLS inválido" : "invalid TLS certificate";
    case "connect":
      return pt ? "não foi possível conectar ao servidor" : "could not connect to the server";
    case "dns":
      return pt ? "o endereço do servidor não foi encontrado" : "the server's address was not found";
    case "blocked":
      return pt ? "o endereço do servidor não é permitido (rede privada)" : "the server's address is not allowed (private network)";
    case "redirect":
      return pt
        ? `o servidor respondeu com um redirecionamento (${error.response_status})`
        : `the server answered with a redirect (${error.response_status})`;
    default:
      return error.error_message ?? (pt ? "erro desconhecido" : "unknown error");
  }
}

/** A stretch of time, rounded: "12 min", "5 h", "3 dias". */
export function duration(ms: number, locale: Locale): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.round(hours / 24);
  return locale === "pt-BR" ? `${days} dias` : `${days} days`;
}
