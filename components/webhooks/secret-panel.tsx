"use client";

import { useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Section } from "@/components/ui/section";
import { useRotateSecret, useWebhookSecret } from "@/lib/queries/webhooks";

const MASKED = "whsec_••••••••••••••••••••••••";

/** The signing secret: hidden until revealed (admins only), copy, and rotation with a 24 h overlap. */
export function SecretPanel({ webhookId, canChange }: { webhookId: string; canChange: boolean }) {
  const t = useTranslations("webhooks.secret");
  const common = useTranslations("common");
  const format = useFormatter();
  const [revealed, setRevealed] = useState(false);
  const secret = useWebhookSecret(webhookId, revealed);
  const rotate = useRotateSecret(webhookId);
  const rotatedMessage = useRef<HTMLDivElement>(null);
  const shown = revealed ? (secret.data?.secret ?? rotate.data?.secret) : undefined;
  const expiresAt = secret.data?.previous_secret_expires_at ?? rotate.data?.previous_secret_expires_at;

  function doRotate() {
    rotate.mutate(undefined, {
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
          <code
            data-testid="webhook-secret"
            tabIndex={0}
            role="group"
            aria-label={t("title")}
            className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-100 px-2 py-1.5 font-mono"
          >
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
        {rotate.isSuccess && (
          <div ref={rotatedMessage} tabIndex={-1}>
            <Alert tone="success">
              {t("rotated", {
                expiresAt: format.dateTime(new Date(rotate.data.previous_secret_expires_at), { dateStyle: "short", timeStyle: "short" }),
              })}
            </Alert>
          </div>
        )}
        {expiresAt && (
          <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
            <p>
              {t("previousValid", { date: format.dateTime(new Date(expiresAt), { dateStyle: "short", timeStyle: "short" }) })} (
              <RelativeTime value={expiresAt} />)
            </p>
            {revealed && secret.data?.previous_secret && (
              <p className="flex flex-wrap items-center gap-2">
                <span>{t("previous")}</span>
                <code className="overflow-x-auto rounded bg-white px-2 py-1 font-mono">{secret.data.previous_secret}</code>
              </p>
            )}
          </div>
        )}
        {rotate.isError && <Alert tone="error">{common("genericError")}</Alert>}
        {canChange && (
          <div>
            <ConfirmButton label={t("rotate")} question={t("rotateQuestion")} disabled={rotate.isPending} onConfirm={doRotate} />
          </div>
        )}
      </div>
    </Section>
  );
}
