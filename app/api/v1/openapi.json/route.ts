import { route } from "@/lib/api/next-route";
import { openApiDocument } from "@/lib/api/openapi";
import { ROUTES } from "./routes";

let document: Record<string, unknown> | undefined;

// the API's OpenAPI 3.1 document, generated from the route definitions (lib/api/openapi.ts); public
export const GET = route({ auth: "public", need: "read" }, async () => (document ??= openApiDocument(ROUTES)));
