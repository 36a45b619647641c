import type { Metadata } from "next";
import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { NewWebhook } from "@/components/webhooks/new-webhook";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: `${t("webhooks.add")} · ${t("common.appName")}` };
}

export default async function NewWebhookPage() {
  const user = await requireUser();
  return <NewWebhook canChange={canChange(user.role)} />;
}
