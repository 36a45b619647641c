import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { AccountNav } from "@/components/account/account-nav";
import { EventsBrowser } from "@/components/events/events-browser";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("deliveries.events.title")} · ${t("common.appName")}` };
}

export default async function EventsPage() {
  await requireUser();
  const t = await getTranslator();
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("deliveries.events.title")}</h1>
        <p className="text-sm text-slate-600">{t("deliveries.events.intro")}</p>
      </div>
      <EventsBrowser />
    </div>
  );
}
