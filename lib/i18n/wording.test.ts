// What a person reads is written for people, in their language: every problem a form or the API can
// name is a FIELD_ERRORS code with words in both catalogs (never zod's "Invalid string: must match
// pattern /^…$/"), the pt-BR catalog has no English left in it, and one word names a state: "Status".
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTranslator } from "use-intl/core";
import type { FieldIssue } from "@/lib/errors";
import { locales } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { CODED, fieldIssues, FIELD_ERRORS, isFieldErrorCode } from "@/lib/validation";
import * as auth from "@/lib/auth/schemas";
import * as endpoints from "@/lib/webhooks/endpoints/schemas";
import * as log from "@/lib/webhooks/log/schemas";
import * as engine from "@/lib/webhooks/engine/schemas";
import { preferencesSchema } from "@/lib/alerts/preferences";
import { eventTypeNames, getEventType, validateEventData } from "@/lib/webhooks/catalog";
import { NOT_PORTUGUESE } from "@/test/language";

function leaves(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  return Object.entries(value as object).flatMap(([key, nested]) => leaves(nested, path ? `${path}.${key}` : key));
}

const translators = Object.fromEntries(
  locales.map((locale) => [locale, createTranslator({ locale, messages: messagesFor(locale), namespace: "errors" })]),
);

/** zod's own English, which only FIELD_ERRORS' words may replace in an API answer. */
const ZOD_ENGLISH = /Invalid (input|string|option|URL|ISO)|must match pattern|Too (small|big)|Unrecognized key|expected/;

/** Every issue `parse` finds for `inputs` (with and without CODED), each a code the catalogs word. */
function issuesFor(schema: z.ZodType, inputs: unknown[]): FieldIssue[] {
  return inputs.flatMap((input) =>
    [CODED, undefined].flatMap((options) => {
      const result = schema.safeParse(input, options);
      return result.success ? [] : Object.values(fieldIssues(result.error)).flat();
    }),
  );
}

function expectWorded(issues: FieldIssue[]) {
  expect(issues.length).toBeGreaterThan(0);
  for (const { code, message } of issues) {
    expect(isFieldErrorCode(code), code).toBe(true);
    expect(message, code).not.toMatch(ZOD_ENGLISH);
  }
}

const BAD_VALUES: unknown[] = [undefined, null, "", "   ", "x", "x".repeat(5000), -1, 1.5, 10 ** 12, true, [], ["x", 1], {}, { a: 1 }];

/** `base` with each field in turn replaced by each bad value, plus a few wrong wholes. */
function mutations(base: Record<string, unknown>, keys: string[]): unknown[] {
  return [
    undefined,
    null,
    "x",
    [],
    {},
    { unknown_field: 1 },
    ...keys.flatMap((key) => BAD_VALUES.map((value) => ({ ...base, [key]: value }))),
  ];
}

const shapeKeys = (schema: z.ZodType): string[] => {
  const inner =
    (schema as unknown as { shape?: object; in?: { shape?: object } }).shape ??
    (schema as unknown as { in?: { shape?: object } }).in?.shape;
  return Object.keys(inner ?? {});
};

const FORM_SCHEMAS: Record<string, [z.ZodType, Record<string, unknown>]> = {
  "sign-up": [auth.signUpSchema, { name: "Maria", email: "maria@example.com", password: "senha-segura-123", organization: "Padaria" }],
  token: [auth.createTokenSchema, { name: "ERP" }],
  "password reset request": [auth.passwordResetRequestSchema, { email: "maria@example.com" }],
  "password reset": [auth.passwordResetSchema, { token: "t", password: "senha-segura-123" }],
  invitation: [auth.invitationSchema, { email: "ana@example.com" }],
  "accept invitation": [auth.acceptInvitationSchema, { token: "t", name: "Ana", password: "senha-segura-123" }],
  "new webhook": [endpoints.createEndpointSchema, { url: "https://erp.example.com/hook" }],
  "new polling webhook": [endpoints.createPollingEndpointSchema, { kind: "polling" }],
  "webhook settings": [endpoints.updateEndpointSchema, {}],
  "delivery filters": [log.deliveryFiltersSchema, {}],
  "event filters": [log.eventFiltersSchema, {}],
  "recover failures": [engine.recoverSchema, { since: "2026-01-01T00:00:00Z" }],
  "resend event": [engine.eventResendSchema, {}],
  "notification preferences": [preferencesSchema, {}],
};

describe("problems a form or the API can name", () => {
  it.each(Object.keys(FIELD_ERRORS))("%s has words in every language, none of them English in pt-BR", (code) => {
    for (const locale of locales) expect(translators[locale]!.has(code as never), `${locale}: ${code}`).toBe(true);
    const words = translators["pt-BR"]!(code as never);
    for (const pattern of NOT_PORTUGUESE) expect(words).not.toMatch(pattern);
  });

  it.each(Object.entries(FORM_SCHEMAS))("the %s schema words every problem with a catalog code", (_, [schema, valid]) => {
    expectWorded(issuesFor(schema, mutations(valid, shapeKeys(schema))));
  });

  it.each(eventTypeNames.filter((name) => name !== "webhook.test"))("the data of %s is checked with catalog codes only", (type) => {
    const example = getEventType(type)!.example as Record<string, unknown>;
    const issues = mutations(example, Object.keys(example)).flatMap((data) => {
      const result = validateEventData(type, data);
      return result.ok ? [] : Object.values(result.issues).flat();
    });
    expectWorded(issues);
  });
});

describe("the pt-BR catalog", () => {
  const messages = leaves(messagesFor("pt-BR"));

  it("has no English sentence or regex left in it", () => {
    const english = messages.filter(([, text]) => NOT_PORTUGUESE.some((pattern) => pattern.test(text)));
    expect(english).toEqual([]);
  });

  it('calls the state of a webhook or a delivery "Status", never "Situação"', () => {
    expect(messages.filter(([, text]) => /situaç/i.test(text))).toEqual([]);
  });
});
