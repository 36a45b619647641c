import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { getDelivery } from "@/lib/webhooks/log/deliveries";
import { AccountNav } from "@/components/account/account-nav";
import { DeliveryDetailView } from "@/components/deliveries/delivery-detail";
import { orNotFound } from "@/components/account/or-not-found";
import { retrySchedulesInForce, type RetryPolicy } from "@/lib/webhooks/engine/retry";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("deliveries.detail.metaTitle")} · ${t("common.appName")}` };
}

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const [t, { delivery }] = await Promise.all([getTranslator(), orNotFound(getDelivery(user.organizationId, id))]);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <h1 className="text-2xl font-semibold">
        {t("deliveries.detail.title")} <code className="font-mono text-xl">{delivery.event_type}</code>
      </h1>
      <DeliveryDetailView
        initial={delivery}
        canChange={canChange(user.role)}
        schedule={retrySchedulesInForce()[delivery.endpoint.retry_policy as RetryPolicy]}
      />
    </div>
  );
}
