import type { Metadata } from "next";
import { getTranslator } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return { title: t("auth.portalEnded.title") };
}

// Where a used or expired portal link leads, and an embedded page whose session ended: no sign-in
// form here (the portal's users come in through the integrator's own screen).
export default async function PortalEndedPage() {
  const t = await getTranslator();
  return (
    <div className="mx-auto max-w-lg py-10 text-center" role="status">
      <h1 className="text-xl font-semibold">{t("auth.portalEnded.title")}</h1>
      <p className="mt-2 text-slate-700">{t("auth.portalEnded.body")}</p>
    </div>
  );
}
