import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { NewWebhook } from "@/components/webhooks/new-webhook";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: `${t("webhooks.add")} · ${t("common.appName")}` };
}

export default async function NewWebhookPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return <NewWebhook canChange={user.role !== "viewer"} />;
}
