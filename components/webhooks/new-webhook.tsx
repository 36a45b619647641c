"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { useCreateWebhook } from "@/lib/queries/webhooks";
import { EndpointForm, type SaveEndpoint } from "@/components/webhooks/endpoint-form";
import { emptyEndpointForm } from "@/components/webhooks/endpoint-form-schema";
import { useWebhooksHome } from "@/components/account/portal-mode";
import { useEnvironment } from "@/components/account/environment";

export const CREATED_PARAM = "created";

export function NewWebhook({ canChange }: { canChange: boolean }) {
  const t = useTranslations("webhooks");
  const common = useTranslations("common");
  const home = useWebhooksHome();
  const router = useRouter();
  const create = useCreateWebhook();
  const [kind, setKind] = useState<"push" | "polling">("push");
  const kindName = useId();
  // a new webhook belongs to the environment the dashboard shows, unless the form says otherwise
  const environment = useEnvironment();
  const defaultValues = { ...emptyEndpointForm, environment };

  const save: SaveEndpoint = async (input) => {
    const { webhook } = await create.mutateAsync(input);
    router.push(`/account/webhooks/${webhook.id}?${CREATED_PARAM}=${input.skip_verification ? "unverified" : "verified"}`);
  };
  // no URL, no test request: the receiver reads the feed
  const savePolling: SaveEndpoint = async ({ description, event_types, cnpjs, enabled, environment }) => {
    const { webhook } = await create.mutateAsync({ kind: "polling", description, event_types, cnpjs, enabled, environment });
    router.push(`/account/webhooks/${webhook.id}?${CREATED_PARAM}=polling`);
  };

  return (
    <div className="flex flex-col gap-6">
      <Link href={home.list} className="text-sm text-blue-700 underline">
        {t("backToAccount")}
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">{t("add")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t(kind === "polling" ? "newIntroPolling" : "newIntro")}</p>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        {canChange ? (
          <div className="flex flex-col gap-6">
            <fieldset className="flex flex-col gap-2 sm:flex-row sm:gap-6">
              <legend className="mb-1 font-medium">{t("kind.legend")}</legend>
              {(["push", "polling"] as const).map((value) => (
                <label key={value} className="flex flex-1 items-start gap-2">
                  <input
                    type="radio"
                    name={kindName}
                    value={value}
                    checked={kind === value}
                    onChange={() => setKind(value)}
                    className="mt-1"
                  />
                  <span>
                    <span className="font-medium">{t(`kind.${value}`)}</span>
                    <span className="block text-sm text-slate-600">{t(`kind.${value}Hint`)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {kind === "push" ? (
              <EndpointForm key="push" mode="create" defaultValues={defaultValues} onSave={save} />
            ) : (
              <EndpointForm key="polling" mode="create" polling defaultValues={defaultValues} onSave={savePolling} />
            )}
          </div>
        ) : (
          <Alert tone="warning">{common("forbidden")}</Alert>
        )}
      </div>
    </div>
  );
}
