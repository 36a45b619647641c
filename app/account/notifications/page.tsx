import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { AccountNav } from "@/components/account/account-nav";
import { Alert } from "@/components/ui/alert";
import { ChatWebhookSection } from "@/components/notifications/chat-webhook-section";
import { NotificationList } from "@/components/notifications/notification-list";
import { PreferencesSection } from "@/components/notifications/preferences-section";

export async function generateMetadata() {
  const t = await getTranslator();
  return { title: `${t("notifications.title")} · ${t("common.appName")}` };
}

/** Alerts: what each member wants by e-mail, the team's chat webhook, and every message sent. */
export default async function NotificationsPage() {
  const user = await requireUser({ portal: false });
  const t = await getTranslator();
  const admin = canChange(user.role);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("notifications.title")}</h1>
        <p className="text-sm text-slate-700">{t("notifications.intro")}</p>
      </div>
      {!env.SMTP_URL && <Alert tone="warning">{t("notifications.noSmtp")}</Alert>}
      <PreferencesSection receivesAlerts={admin} />
      {admin && <ChatWebhookSection />}
      {admin && <NotificationList />}
    </div>
  );
}
