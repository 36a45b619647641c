"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { useCreateWebhook } from "@/lib/queries/webhooks";
import { EndpointForm, type SaveEndpoint } from "@/components/webhooks/endpoint-form";
import { emptyEndpointForm } from "@/components/webhooks/endpoint-form-schema";
import { useWebhooksHome } from "@/components/account/portal-mode";

export const CREATED_PARAM = "created";

export function NewWebhook({ canChange }: { canChange: boolean }) {
  const t = useTranslations("webhooks");
  const common = useTranslations("common");
  const home = useWebhooksHome();
  const router = useRouter();
  const create = useCreateWebhook();

  const save: SaveEndpoint = async (input) => {
    const { webhook } = await create.mutateAsync(input);
    router.push(`/account/webhooks/${webhook.id}?${CREATED_PARAM}=${input.skip_verification ? "unverified" : "verified"}`);
  };

  return (
    <div className="flex flex-col gap-6">
      <Link href={home.list} className="text-sm text-blue-700 underline">
        {t("backToAccount")}
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">{t("add")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("newIntro")}</p>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        {canChange ? (
          <EndpointForm mode="create" defaultValues={emptyEndpointForm} onSave={save} />
        ) : (
          <Alert tone="warning">{common("forbidden")}</Alert>
        )}
      </div>
    </div>
  );
}
