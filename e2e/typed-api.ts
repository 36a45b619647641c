// The API as its OpenAPI document types it (openapi-fetch over lib/api/openapi-types.ts): specs that
// call it through this client exercise the document with real calls.
import createClient from "openapi-fetch";
import type { paths } from "@/lib/api/openapi-types";
import { baseURL } from "../playwright.config";

export function typedApi(token: string) {
  return createClient<paths>({ baseUrl: baseURL, headers: { authorization: `Bearer ${token}` } });
}
