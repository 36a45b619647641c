// Locale and translations for server components: the choice lives in a cookie, pt-BR by default.
import { cookies } from "next/headers";
import { createTranslator } from "use-intl/core";
import { asLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";

export async function getLocale(): Promise<Locale> {
  return asLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getTranslator() {
  const locale = await getLocale();
  return createTranslator({ locale, messages: messagesFor(locale) });
}
