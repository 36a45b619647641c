import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export default async function NotFound() {
  const t = await getTranslator();
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">404</h1>
      <p className="mt-2 text-slate-600">{t("common.notFound")}</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        {t("common.notFoundHome")}
      </Link>
    </div>
  );
}
