import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { AccountNav } from "@/components/account/account-nav";
import { DeliveryLog } from "@/components/deliveries/delivery-log";
import { orNotFound } from "@/components/account/or-not-found";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("deliveries.log.title")} · ${t("common.appName")}` };
}

export default async function DeliveryLogPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const [t, endpoint] = await Promise.all([getTranslator(), orNotFound(getEndpoint(user.organizationId, id))]);
  return (
    <div className="flex flex-col gap-4">
      <AccountNav />
      <div className="flex flex-col gap-0.5">
        <Link href={`/account/webhooks/${endpoint.id}`} className="self-start text-sm text-blue-700 underline">
          {t("deliveries.log.backToWebhook")}
        </Link>
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 className="text-2xl font-semibold">{t("deliveries.log.title")}</h1>
          <p className="min-w-0 font-mono text-sm break-all text-slate-700">{endpoint.url}</p>
        </div>
      </div>
      <DeliveryLog endpointId={endpoint.id} />
    </div>
  );
}
