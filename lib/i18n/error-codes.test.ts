// Every problem the API or a form can name has words in every language of the dashboard.
import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { locales } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { ERROR_CODES } from "@/lib/errors";
import { FIELD_ERRORS } from "@/lib/validation";

const codes = [...new Set([...Object.keys(FIELD_ERRORS), ...ERROR_CODES])];

describe.each(locales)("%s", (locale) => {
  const t = createTranslator({ locale, messages: messagesFor(locale), namespace: "errors" });
  it.each(codes)("translates %s", (code) => {
    expect(t.has(code as never)).toBe(true);
    expect(t(code as never)).not.toMatch(/^errors\./);
  });
});
