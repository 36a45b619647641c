import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/server";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
import { retrySchedulesInForce } from "@/lib/webhooks/engine/retry";
import { listDeliveries } from "@/lib/webhooks/log/deliveries";
import { endpointHealth } from "@/lib/webhooks/log/health";
import { RECENT_DELIVERIES } from "@/lib/webhooks/log/schemas";
import { webhookView } from "@/lib/webhooks/log/webhook-view";
import { WebhookDetail } from "@/components/webhooks/webhook-detail";
import { AccountNav } from "@/components/account/account-nav";

interface WebhookPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: `${t("webhooks.detailKicker")} · ${t("common.appName")}` };
}

async function findEndpoint(organizationId: string, id: string) {
  try {
    return await getEndpoint(organizationId, id);
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

export default async function WebhookPage({ params, searchParams }: WebhookPageProps) {
  const user = await requireUser();
  const [{ id }, { created }] = await Promise.all([params, searchParams]);
  const mayChange = canChange(user.role);
  const endpoint = await findEndpoint(user.organizationId, id);
  const [webhook, health, recent] = await Promise.all([
    webhookView(endpoint, { revealHeaders: mayChange }),
    endpointHealth(user.organizationId, endpoint.id),
    listDeliveries(user.organizationId, endpoint.id, { limit: RECENT_DELIVERIES }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <WebhookDetail
        id={endpoint.id}
        canChange={mayChange}
        initialWebhook={webhook}
        initialHealth={health}
        initialDeliveries={recent.deliveries}
        retrySchedules={retrySchedulesInForce()}
        created={created === "verified" || created === "unverified" || created === "polling" ? created : undefined}
      />
    </div>
  );
}
