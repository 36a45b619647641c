// Locale and translations for server components: the choice lives in a cookie; before any choice,
// the browser's Accept-Language decides (English or pt-BR), pt-BR by default.
import { cookies, headers } from "next/headers";
import { createTranslator } from "use-intl/core";
import { asLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";

export async function getLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (chosen) return asLocale(chosen);
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}

export async function getTranslator() {
  const locale = await getLocale();
  return createTranslator({ locale, messages: messagesFor(locale) });
}
