import { createTranslator, type IntlError, type Locale as IntlLocale, type Messages as IntlMessages } from "use-intl/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor, type Messages } from "@/lib/i18n/messages";

// The real checks here are made by `tsc`: each @ts-expect-error fails the build once keys stop being typed.
describe("translation keys", () => {
  it("are the catalog's keys for a translator from createTranslator", () => {
    const errors: IntlError[] = [];
    const t = createTranslator({ locale: "en", messages: messagesFor("en"), onError: (error) => errors.push(error) });
    expect(t("common.appName")).toBe(messagesFor("en").common.appName);
    // @ts-expect-error a key that is not in the catalog
    expect(t("no.such.key")).toBe("no.such.key");
    expect(errors.map((error) => error.code)).toEqual(["MISSING_MESSAGE"]);
  });

  it("are the catalog's keys for useTranslations in the dashboard too (use-intl's AppConfig)", () => {
    expectTypeOf<IntlMessages>().toEqualTypeOf<Messages>();
    expectTypeOf<IntlLocale>().toEqualTypeOf<Locale>();
  });
});
