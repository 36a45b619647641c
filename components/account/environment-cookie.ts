// The dashboard's current SEFAZ environment (the switch above every account page), kept in a cookie
// so a reload stays where the person was. Browser-safe: the account layout reads it on the server.
import { DEFAULT_ENVIRONMENT, isEnvironment, type Environment } from "@/lib/webhooks/environments";

export const ENVIRONMENT_COOKIE = "nfe_environment";

export function asEnvironment(value: string | undefined): Environment {
  return isEnvironment(value) ? value : DEFAULT_ENVIRONMENT;
}
