// Translation keys are checked by the compiler: a missing or misspelled key fails `tsc`.
import type { Locale as AppLocale } from "@/lib/i18n/config";
import type { Messages as AppMessages } from "@/lib/i18n/messages";

declare module "use-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: AppMessages;
  }
}
