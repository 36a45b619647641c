// The two SEFAZ environments every organization has: produção (tpAmb 1) and homologação (tpAmb 2).
// An endpoint belongs to one, an event to one, and an event reaches only its environment's endpoints.
import { Invalid } from "@/lib/errors";
import { fieldIssue } from "@/lib/validation";

export const ENVIRONMENTS = ["producao", "homologacao"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const DEFAULT_ENVIRONMENT: Environment = "producao";

const ALIASES: Record<string, Environment> = {
  producao: "producao",
  produção: "producao",
  production: "producao",
  "1": "producao",
  homologacao: "homologacao",
  homologação: "homologacao",
  homologation: "homologacao",
  "2": "homologacao",
};

function named(value: unknown): Environment | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  return ALIASES[String(value).trim().toLowerCase()];
}

/** The environment an event's data says it belongs to (`environment`, else `tpAmb`/`tp_amb`), if it says. */
export function environmentOfData(data: Record<string, unknown>): Environment | undefined {
  return named(data.environment) ?? named(data.tpAmb) ?? named(data.tp_amb);
}

export function isEnvironment(value: unknown): value is Environment {
  return ENVIRONMENTS.includes(value as Environment);
}

/** A limited token's event, list or new thing of the other environment: 422 on `environment`. */
export const environmentLimited = (environment: Environment) =>
  new Invalid({ environment: [fieldIssue("environment.token_limited", { environment })] });
