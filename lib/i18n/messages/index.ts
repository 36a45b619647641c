// Message catalogs, one JSON file per feature and language (use-intl / ICU syntax).
import type { Locale } from "@/lib/i18n/config";
import ptCommon from "./pt-BR/common.json";
import ptAuth from "./pt-BR/auth.json";
import ptAccount from "./pt-BR/account.json";
import ptWebhooks from "./pt-BR/webhooks.json";
import ptDeliveries from "./pt-BR/deliveries.json";
import ptErrors from "./pt-BR/errors.json";
import ptNotifications from "./pt-BR/notifications.json";
import ptFailures from "./pt-BR/failures.json";
import ptDocs from "./pt-BR/docs.json";
import enCommon from "./en/common.json";
import enAuth from "./en/auth.json";
import enAccount from "./en/account.json";
import enWebhooks from "./en/webhooks.json";
import enDeliveries from "./en/deliveries.json";
import enErrors from "./en/errors.json";
import enNotifications from "./en/notifications.json";
import enFailures from "./en/failures.json";
import enDocs from "./en/docs.json";

const catalogs = {
  "pt-BR": {
    common: ptCommon,
    auth: ptAuth,
    account: ptAccount,
    webhooks: ptWebhooks,
    deliveries: ptDeliveries,
    errors: ptErrors,
    notifications: ptNotifications,
    failures: ptFailures,
    docs: ptDocs,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    account: enAccount,
    webhooks: enWebhooks,
    deliveries: enDeliveries,
    errors: enErrors,
    notifications: enNotifications,
    failures: enFailures,
    docs: enDocs,
  },
};

export type Messages = (typeof catalogs)["pt-BR"];

export function messagesFor(locale: Locale): Messages {
  return catalogs[locale] as Messages;
}
