import type { Metadata } from "next";
import { AccountNav } from "@/components/account/account-nav";
import { TroubleBanner } from "@/components/account/trouble-banner";
import { WebhooksSection } from "@/components/webhooks/webhooks-section";
import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getLocale, getTranslator } from "@/lib/i18n/server";
import { endpointsInTrouble } from "@/lib/webhooks/log/trouble";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: `${t("deliveries.nav.webhooks")} · ${t("common.appName")}` };
}

// The webhook list on a page of its own: where a portal session (platform mode) lands, and where
// its "Voltar" links lead; the account screen shows the same list among the account's sections.
export default async function WebhooksPage() {
  const user = await requireUser();
  const [t, troubles, locale] = await Promise.all([getTranslator(), endpointsInTrouble(user.organizationId), getLocale()]);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <h1 className="text-2xl font-semibold">{t("deliveries.nav.webhooks")}</h1>
      <TroubleBanner troubles={troubles} t={t} locale={locale} />
      <WebhooksSection canChange={canChange(user.role)} />
    </div>
  );
}
