import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { getLocale, getTranslator } from "@/lib/i18n/server";
import { endpointsInTrouble } from "@/lib/webhooks/log/trouble";
import { TroubleBanner } from "@/components/account/trouble-banner";
import { getEndpoint } from "@/lib/webhooks/endpoints/lookup";
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
  const [t, locale, troubles] = await Promise.all([getTranslator(), getLocale(), endpointsInTrouble(user.organizationId, endpoint.id)]);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <TroubleBanner troubles={troubles} t={t} locale={locale} onWebhookPage />
      <WebhookDetail
        id={endpoint.id}
        canChange={mayChange}
        initialWebhook={await webhookView(endpoint, { revealHeaders: mayChange })}
        created={created === "verified" || created === "unverified" || created === "polling" ? created : undefined}
      />
    </div>
  );
}
