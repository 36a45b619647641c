import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { AccountNav } from "@/components/account/account-nav";
import { FailuresBrowser } from "@/components/deliveries/failures-browser";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("failures.title")} · ${t("common.appName")}` };
}

export default async function FailuresPage() {
  const user = await requireUser();
  const t = await getTranslator();
  return (
    <div className="flex flex-col gap-4">
      <AccountNav />
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("failures.title")}</h1>
        <p className="text-sm text-slate-600">{t("failures.intro")}</p>
      </div>
      <FailuresBrowser canChange={canChange(user.role)} />
    </div>
  );
}
