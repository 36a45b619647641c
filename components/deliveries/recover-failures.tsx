"use client";

import { useState, type FormEvent } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { useErrorText } from "@/components/ui/error-text";
import { useRecoverFailures, useRecoveryProgress, type RecoverableStatus, type RecoverResult } from "@/lib/queries/deliveries";
import { DateTimeInput } from "@/components/deliveries/filters";

const DAY_MS = 86_400_000;
const PROGRESS_STATUSES = ["succeeded", "failed", "retrying", "pending"] as const;
const STATUSES: readonly RecoverableStatus[] = ["failed", "cancelled", "paused"];

/**
 * "Recuperar falhas": choose since when and which deliveries, see how many would be sent again
 * (a dry run), confirm, then follow their progress.
 */
export function RecoverFailures({ endpointId, canChange, enabled }: { endpointId: string; canChange: boolean; enabled: boolean }) {
  const t = useTranslations("deliveries.recover");
  const statusName = useTranslations("deliveries.status");
  const common = useTranslations("common");
  const errorText = useErrorText();
  const format = useFormatter();
  const [since, setSince] = useState(() => new Date(Date.now() - DAY_MS).toISOString());
  const [statuses, setStatuses] = useState<RecoverableStatus[]>(["failed"]);
  const [invalid, setInvalid] = useState(false);
  const check = useRecoverFailures(endpointId);
  const recover = useRecoverFailures(endpointId);
  const blocked = !canChange ? common("forbidden") : !enabled ? t("disabledEndpoint") : undefined;
  const counted = check.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    const valid = Boolean(since) && new Date(since).getTime() < Date.now() && statuses.length > 0;
    setInvalid(!valid);
    recover.reset();
    if (valid && !check.isPending) check.mutate({ since: new Date(since), statuses, dry_run: true });
  }

  function confirm() {
    if (!counted) return;
    recover.mutate({ since: new Date(counted.since), until: new Date(counted.until), statuses, dry_run: false });
    check.reset();
  }

  const toggle = (status: RecoverableStatus, on: boolean) =>
    setStatuses((current) => (on ? [...current, status] : current.filter((s) => s !== status)));
  const sinceText = (value: string) => format.dateTime(new Date(value), { dateStyle: "short", timeStyle: "short" });

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3 border-t border-slate-100 pt-4" aria-labelledby="recover-title">
      <h3 id="recover-title" className="font-semibold">
        {t("title")}
      </h3>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium text-slate-800">{t("which")}</legend>
        {STATUSES.map((status) => (
          <Checkbox
            key={status}
            label={statusName(status)}
            checked={statuses.includes(status)}
            onChange={(event) => toggle(status, event.target.checked)}
          />
        ))}
      </fieldset>
      <div className="flex flex-wrap items-end gap-3">
        <DateTimeInput label={t("since")} value={since} onChange={setSince} />
        <Button
          type="submit"
          variant="secondary"
          disabled={Boolean(blocked)}
          aria-disabled={check.isPending || undefined}
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
        {(check.isPending || recover.isPending) && <p>{t("sending")}</p>}
        {[check, recover].map(
          (m, i) =>
            m.isError && (
              <p key={i} className="text-red-700">
                {errorText.ofRequest(m.error, common("genericError"))}
              </p>
            ),
        )}
        {counted &&
          (counted.count ? (
            <div className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3">
              <p className="font-medium">{t("willResend", { count: counted.count, since: sinceText(counted.since) })}</p>
              <div className="flex flex-wrap gap-2">
                <Button onClick={confirm}>{t("confirm", { count: counted.count })}</Button>
                <Button variant="ghost" onClick={() => check.reset()}>
                  {common("cancel")}
                </Button>
              </div>
            </div>
          ) : (
            <p>{t("nothing", { since: sinceText(counted.since) })}</p>
          ))}
        {recover.isSuccess && <RecoveryResult endpointId={endpointId} result={recover.data} />}
      </div>
    </form>
  );
}

function RecoveryResult({ endpointId, result }: { endpointId: string; result: RecoverResult }) {
  const t = useTranslations("deliveries.recover");
  const status = useTranslations("deliveries.status");
  const progress = useRecoveryProgress(endpointId, result);
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
