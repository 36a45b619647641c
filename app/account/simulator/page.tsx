import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { AccountNav } from "@/components/account/account-nav";
import { EventSimulator } from "@/components/events/event-simulator";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("deliveries.simulator.title")} · ${t("common.appName")}` };
}

export default async function SimulatorPage() {
  const user = await requireUser({ portal: false });
  const t = await getTranslator();
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("deliveries.simulator.title")}</h1>
        <p className="text-sm text-slate-600">{t("deliveries.simulator.intro")}</p>
      </div>
      <EventSimulator canChange={canChange(user.role)} />
    </div>
  );
}
