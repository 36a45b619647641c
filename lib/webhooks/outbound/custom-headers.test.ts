import { describe, expect, it } from "vitest";
import { fieldIssues } from "@/lib/validation";
import { customHeadersSchema } from "./custom-headers";

/** The API's words for each problem (the schema names them by code). */
function messages(input: unknown): string[] {
  const result = customHeadersSchema.safeParse(input);
  return result.success ? [] : Object.values(fieldIssues(result.error)).flatMap((list) => list.map((i) => i.message));
}

function codes(input: unknown): string[] {
  const result = customHeadersSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("customHeadersSchema", () => {
  it("accepts ordinary headers, including authorization and user-agent", () => {
    const headers = { Authorization: "Bearer abc.def", "X-Tenant": "loja-42", "User-Agent": "mine", "X-Empty": "" };
    expect(customHeadersSchema.parse(headers)).toEqual(headers);
    expect(customHeadersSchema.parse({})).toEqual({});
  });

  it("accepts 20 headers and refuses 21", () => {
    const headers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-H${i}`, "v"]));
    expect(customHeadersSchema.safeParse(headers(20)).success).toBe(true);
    expect(messages(headers(21))).toEqual(["at most 20 headers are allowed"]);
  });

  it.each(["X Y", "X:Y", "", "Açúcar", "X\u0000Y", "(comment)"])("refuses the name %j", (name) => {
    expect(messages({ [name]: "v" })).toEqual([`header name "${name}" is not a valid token`]);
  });

  it("refuses names longer than 100 characters", () => {
    expect(customHeadersSchema.safeParse({ ["X".repeat(100)]: "v" }).success).toBe(true);
    expect(messages({ ["X".repeat(101)]: "v" })[0]).toMatch(/longer than 100 characters/);
  });

  it.each([
    "Host",
    "content-length",
    "Transfer-Encoding",
    "CONNECTION",
    "Content-Type",
    "keep-alive",
    "Upgrade",
    "TE",
    "Trailer",
    "Expect",
    "Proxy-Authorization",
    "proxy-connection",
    "Webhook-Signature",
    "webhook-id",
    "WEBHOOK-TIMESTAMP",
  ])("refuses the reserved name %s", (name) => {
    expect(messages({ [name]: "v" })).toEqual([`header "${name}" is set by the webhook sender and cannot be replaced`]);
  });

  it.each(["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000b"])("refuses the value %j", (value) => {
    expect(messages({ "X-A": value })).toEqual(['value of header "X-A" must not contain line breaks or NUL']);
  });

  it("refuses other control characters and characters HTTP cannot carry", () => {
    expect(messages({ "X-A": "a\u0007b" })).toEqual(['value of header "X-A" contains characters not allowed in HTTP headers']);
    expect(messages({ "X-A": "5 €" })).toEqual(['value of header "X-A" contains characters not allowed in HTTP headers']);
    expect(customHeadersSchema.safeParse({ "X-A": "tab\there" }).success).toBe(true);
  });

  it("refuses values longer than 1000 characters", () => {
    expect(customHeadersSchema.safeParse({ "X-A": "v".repeat(1000) }).success).toBe(true);
    expect(messages({ "X-A": "v".repeat(1001) })).toEqual(['value of header "X-A" is longer than 1000 characters']);
  });

  it("refuses the same name twice in different case", () => {
    expect(messages({ "X-A": "1", "x-a": "2" })).toEqual(['header "x-a" is repeated']);
  });

  it("names each problem with a code the dashboard translates", () => {
    expect(codes({ "Bad Name": "1", Host: "x", "X-A": "a\nb", "X-B": "v".repeat(1001) })).toEqual([
      "header.name_invalid",
      "header.reserved",
      "header.value_line_break",
      "header.value_too_long",
    ]);
  });

  it("points each issue at its header", () => {
    const result = customHeadersSchema.safeParse({ "X-Ok": "1", "Bad Name": "2" });
    expect(result.success || result.error.issues.map((issue) => issue.path)).toEqual([["Bad Name"]]);
  });

  it("refuses non-string values and non-objects", () => {
    expect(customHeadersSchema.safeParse({ "X-A": 1 }).success).toBe(false);
    expect(customHeadersSchema.safeParse(["X-A"]).success).toBe(false);
    expect(customHeadersSchema.safeParse("X-A: 1").success).toBe(false);
  });
});
