"use client";

import { useState, type FormEvent } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { useRecoverFailures, useRecoveryProgress, type RecoverResult } from "@/lib/queries/deliveries";
import { DateTimeInput } from "@/components/deliveries/filters";

const DAY_MS = 86_400_000;
const PROGRESS_STATUSES = ["succeeded", "failed", "retrying", "pending"] as const;

/** "Recuperar falhas": re-queue every failed delivery since a moment, then follow their progress. */
export function RecoverFailures({ endpointId, canChange, enabled }: { endpointId: string; canChange: boolean; enabled: boolean }) {
  const t = useTranslations("deliveries.recover");
  const common = useTranslations("common");
  const [since, setSince] = useState(() => new Date(Date.now() - DAY_MS).toISOString());
  const [invalid, setInvalid] = useState(false);
  const recover = useRecoverFailures(endpointId);
  const blocked = !canChange ? common("forbidden") : !enabled ? t("disabledEndpoint") : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const valid = Boolean(since) && new Date(since).getTime() < Date.now();
    setInvalid(!valid);
    if (valid && !recover.isPending) recover.mutate(new Date(since));
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3 border-t border-slate-100 pt-4" aria-labelledby="recover-title">
      <h3 id="recover-title" className="font-semibold">
        {t("title")}
      </h3>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      <div className="flex flex-wrap items-end gap-3">
        <DateTimeInput label={t("since")} value={since} onChange={setSince} />
        <Button
          type="submit"
          variant="secondary"
          disabled={Boolean(blocked)}
          aria-disabled={recover.isPending || undefined}
          aria-describedby={blocked ? "recover-blocked" : undefined}
        >
          {t("button")}
        </Button>
      </div>
      {blocked && (
        <p id="recover-blocked" className="text-sm text-slate-600">
          {blocked}
        </p>
      )}
      <div aria-live="polite" className="text-sm">
        {invalid && <p className="text-red-700">{t("invalidSince")}</p>}
        {recover.isPending && <p>{t("sending")}</p>}
        {recover.isError && <p className="text-red-700">{errorText(recover.error)}</p>}
        {recover.isSuccess && <RecoveryResult endpointId={endpointId} result={recover.data} />}
      </div>
    </form>
  );

  function errorText(error: Error): string {
    if (error instanceof ApiRequestError && error.status === 409) return t("disabledEndpoint");
    if (error instanceof ApiRequestError && error.status === 422) return t("invalidSince");
    if (error instanceof ApiRequestError && error.status === 403) return common("forbidden");
    return common("genericError");
  }
}

function RecoveryResult({ endpointId, result }: { endpointId: string; result: RecoverResult }) {
  const t = useTranslations("deliveries.recover");
  const status = useTranslations("deliveries.status");
  const format = useFormatter();
  const progress = useRecoveryProgress(endpointId, result);
  const since = format.dateTime(new Date(result.since), { dateStyle: "short", timeStyle: "short" });
  if (!result.count) return <p>{t("nothing", { since })}</p>;
  const counts = progress.data;
  return (
    <div className="flex flex-col gap-1 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="font-medium">{t("queued", { count: result.count })}</p>
      {counts && (
        <>
          <p>
            {t("progress")}{" "}
            {PROGRESS_STATUSES.filter((s) => counts[s])
              .map((s) => `${status(s)}: ${counts[s]}`)
              .join(" · ")}
          </p>
          <p>{counts.pending ? t("inProgress") : t("done")}</p>
        </>
      )}
    </div>
  );
}
