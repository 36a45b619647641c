"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { useErrorText } from "@/components/ui/error-text";
import { useResendDeliveries, type BulkResendSummary } from "@/lib/queries/failures";
import type { RefusalCode } from "@/lib/webhooks/engine/resend";

const REFUSALS: Record<RefusalCode, "deleted" | "polling" | "disabled" | "waiting"> = {
  "webhook.deleted": "deleted",
  "webhook.polling": "polling",
  "webhook.disabled": "disabled",
  "delivery.waiting_predecessor": "waiting",
};

/**
 * "Selecionar todos desta página", how many are selected, and "Reenviar selecionadas": the count is
 * confirmed in a dialog first ("Reenviar 12 entregas?"), then what was queued (and what was not) is
 * announced.
 */
export function BulkResend({
  pageIds,
  chosen,
  onSelectPage,
  onSent,
}: {
  /** every row shown */
  pageIds: string[];
  /** the selected rows among them */
  chosen: string[];
  onSelectPage: (on: boolean) => void;
  onSent: () => void;
}) {
  const t = useTranslations("failures");
  const common = useTranslations("common");
  const errorText = useErrorText();
  const resend = useResendDeliveries();
  const [asking, setAsking] = useState<number | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const all = chosen.length > 0 && chosen.length === pageIds.length;

  function send() {
    const ids = chosen;
    setAsking(null);
    resend.mutate(ids, {
      onSuccess: onSent,
      onSettled: () => outcome.current?.focus(),
    });
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
        <Checkbox
          label={t("selectPage", { count: pageIds.length })}
          checked={all}
          indeterminate={chosen.length > 0 && !all}
          onChange={(event) => onSelectPage(event.target.checked)}
        />
        <span className="text-sm text-slate-700" aria-live="polite">
          {t("selected", { count: chosen.length })}
        </span>
        <Button
          className="ml-auto"
          disabled={chosen.length === 0}
          aria-disabled={resend.isPending || undefined}
          onClick={() => !resend.isPending && setAsking(chosen.length)}
        >
          {t("resend")}
        </Button>
      </div>
      <ConfirmDialog count={asking} onConfirm={send} onCancel={() => setAsking(null)} />
      <div ref={outcome} tabIndex={-1} role="status" className="text-sm outline-none">
        {resend.isPending && <p>{t("sending")}</p>}
        {resend.isError && <p className="text-red-700">{errorText.ofRequest(resend.error, common("genericError"))}</p>}
        {resend.isSuccess && <Outcome summary={resend.data} />}
      </div>
    </div>
  );
}

/** "Reenviar 12 entregas?" in a modal dialog: Escape or "Cancelar" closes it and nothing is sent. */
function ConfirmDialog({ count, onConfirm, onCancel }: { count: number | null; onConfirm: () => void; onCancel: () => void }) {
  const t = useTranslations("failures");
  const common = useTranslations("common");
  const dialog = useRef<HTMLDialogElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (count !== null && !element?.open) {
      element?.showModal();
      confirm.current?.focus();
    }
    // closing gives the focus back to what had it ("Reenviar selecionadas")
    if (count === null && element?.open) element.close();
  }, [count]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onClose={onCancel}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      {count !== null && (
        <div className="flex flex-col gap-3 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {t("confirmTitle", { count })}
          </h2>
          <p id={`${id}-text`} className="text-sm text-slate-700">
            {t("confirmText")}
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={onCancel}>
              {common("cancel")}
            </Button>
            <Button ref={confirm} onClick={onConfirm}>
              {t("confirm", { count })}
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}

/** "12 entregas na fila para reenvio.", then why any others were not sent. */
function Outcome({ summary }: { summary: BulkResendSummary }) {
  const t = useTranslations("failures");
  const refused = new Map<RefusalCode, number>();
  for (const result of summary.results) if (result.result === "refused") refused.set(result.code, (refused.get(result.code) ?? 0) + 1);
  return (
    <div className="flex flex-col gap-1 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="font-medium">{t("queued", { count: summary.queued })}</p>
      {[...refused].map(([code, count]) => (
        <p key={code} className="text-amber-900">
          {t(`refused.${REFUSALS[code]}`, { count })}
        </p>
      ))}
      {summary.not_found > 0 && <p className="text-amber-900">{t("notFound", { count: summary.not_found })}</p>}
    </div>
  );
}
