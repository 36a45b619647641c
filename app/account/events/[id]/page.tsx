import Link from "next/link";
import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { getEvent } from "@/lib/webhooks/log/events";
import { AccountNav } from "@/components/account/account-nav";
import { orNotFound } from "@/components/account/or-not-found";
import { EventDetailView } from "@/components/events/event-detail";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("deliveries.event.metaTitle")} · ${t("common.appName")}` };
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const [t, { event }] = await Promise.all([getTranslator(), orNotFound(getEvent(user.organizationId, id))]);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <div className="flex flex-col gap-1">
        <Link href="/account/events" className="text-sm text-blue-700 underline">
          {t("deliveries.event.backToEvents")}
        </Link>
        <h1 className="text-2xl font-semibold">
          {t("deliveries.event.title")} <code className="font-mono text-xl">{event.type}</code>
        </h1>
      </div>
      <EventDetailView initial={event} canChange={canChange(user.role)} />
    </div>
  );
}
