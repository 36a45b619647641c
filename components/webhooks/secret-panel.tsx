"use client";

import { useId, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { SECRET_OVERLAPS, type SecretOverlap } from "@/lib/webhooks/endpoints/schemas";
import { useRotateSecret, useWebhookSecret } from "@/lib/queries/webhooks";

const MASKED = "whsec_••••••••••••••••••••••••";

/** The signing secret: hidden until revealed (admins only), copy, and rotation with a chosen overlap. */
export function SecretPanel({ webhookId, canChange }: { webhookId: string; canChange: boolean }) {
  const t = useTranslations("webhooks.secret");
  const common = useTranslations("common");
  const [revealed, setRevealed] = useState(false);
  const secret = useWebhookSecret(webhookId, revealed);
  const rotate = useRotateSecret(webhookId);
  const rotatedMessage = useRef<HTMLDivElement>(null);
  const shown = revealed ? (secret.data?.secret ?? rotate.data?.secret) : undefined;
  const expiresAt = rotate.isSuccess ? rotate.data.previous_secret_expires_at : secret.data?.previous_secret_expires_at;

  function doRotate(overlap: SecretOverlap) {
    rotate.mutate(overlap, {
      onSuccess: () => {
        setRevealed(true);
        setTimeout(() => rotatedMessage.current?.focus());
      },
    });
  }

  return (
    <Section title={t("title")} id="secret">
      <div className="flex flex-col gap-4 text-sm">
        <p className="text-slate-600">{t("intro")}</p>
        <div className="flex flex-wrap items-center gap-2">
          <code data-testid="webhook-secret" className="min-w-0 flex-1 rounded bg-slate-100 px-2 py-1.5 font-mono break-all">
            {shown ?? MASKED}
          </code>
          {canChange && (
            <Button variant="secondary" aria-expanded={revealed} onClick={() => setRevealed((r) => !r)}>
              {revealed ? t("hide") : t("reveal")}
            </Button>
          )}
          {shown && <CopyButton value={shown} label={t("copy")} />}
        </div>
        {revealed && secret.isPending && <p className="text-slate-600">{common("loading")}</p>}
        {revealed && secret.isError && <Alert tone="error">{t("loadError")}</Alert>}
        {!canChange && <p className="text-slate-600">{t("adminsOnly")}</p>}
        {(rotate.isSuccess || expiresAt) && (
          <div ref={rotatedMessage} tabIndex={-1}>
            <Alert tone={rotate.isSuccess ? "success" : "warning"}>
              {rotate.isSuccess && <span className="font-medium">{t("rotated")} </span>}
              <PreviousSecret expiresAt={expiresAt ?? null} />
              {revealed && expiresAt && secret.data?.previous_secret && (
                <span className="mt-1 flex flex-wrap items-center gap-2">
                  <span>{t("previous")}</span>
                  <code className="rounded bg-white px-2 py-1 font-mono break-all">{secret.data.previous_secret}</code>
                </span>
              )}
            </Alert>
          </div>
        )}
        {rotate.isError && <Alert tone="error">{common("genericError")}</Alert>}
        {canChange && <RotateSecret disabled={rotate.isPending} onRotate={doRotate} />}
      </div>
    </Section>
  );
}

/** "O anterior vale até 06/12 14:02 (em 24 horas)…", or that it stopped at once. */
function PreviousSecret({ expiresAt }: { expiresAt: string | null }) {
  const t = useTranslations("webhooks.secret");
  const format = useFormatter();
  if (!expiresAt) return <span>{t("previousRetired")}</span>;
  return (
    <span>
      {t("previousValid", { date: format.dateTime(new Date(expiresAt), { dateStyle: "short", timeStyle: "short" }) })} (
      <RelativeTime value={expiresAt} />)
    </span>
  );
}

/** "Rotacionar segredo", then one question: how long the current secret keeps signing (24 h unless chosen). */
function RotateSecret({ disabled, onRotate }: { disabled: boolean; onRotate: (overlap: SecretOverlap) => void }) {
  const t = useTranslations("webhooks.secret");
  const common = useTranslations("common");
  const name = useId();
  const [asking, setAsking] = useState(false);
  const [overlap, setOverlap] = useState<SecretOverlap>("24h");
  if (!asking)
    return (
      <div>
        <Button variant="secondary" disabled={disabled} onClick={() => setAsking(true)}>
          {t("rotate")}
        </Button>
      </div>
    );
  return (
    <div role="group" aria-label={t("rotate")} className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-medium">{t("overlapQuestion")}</legend>
        {SECRET_OVERLAPS.map((choice) => (
          <label key={choice} className="flex items-start gap-2">
            <input
              type="radio"
              name={name}
              value={choice}
              checked={overlap === choice}
              autoFocus={overlap === choice}
              onChange={() => setOverlap(choice)}
              className="mt-0.5"
            />
            <span>{t(`overlap.${choice}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button variant="danger" onClick={() => (setAsking(false), onRotate(overlap))}>
          {common("confirm")}
        </Button>
        <Button variant="secondary" onClick={() => setAsking(false)}>
          {common("cancel")}
        </Button>
      </div>
    </div>
  );
}
