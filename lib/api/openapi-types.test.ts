// The typed client's types (lib/api/openapi-types.ts, used by the CLI through openapi-fetch) are
// generated from the OpenAPI document: they must be what the document says today.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateTypes, TYPES_FILE } from "@/scripts/openapi-types";

it("lib/api/openapi-types.ts is generated from the current document (npm run openapi:types)", async () => {
  expect(readFileSync(TYPES_FILE, "utf8") === (await generateTypes()), "run npm run openapi:types").toBe(true);
});
