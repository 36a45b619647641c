"use client";

import { useState, type FormEvent } from "react";
import { useLocale, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { Section } from "@/components/ui/section";
import { useErrorText } from "@/components/ui/error-text";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { useChatWebhook, useSaveChatWebhook, useTestChatWebhook } from "@/lib/queries/notifications";

/** The team's chat (Slack, Microsoft Teams…): an incoming-webhook URL that gets the same alerts. */
export function ChatWebhookSection() {
  const t = useTranslations("notifications.chat");
  const locale = useLocale();
  const errorText = useErrorText();
  const chat = useChatWebhook();
  const save = useSaveChatWebhook();
  const test = useTestChatWebhook();
  const [url, setUrl] = useState("");
  const [notice, setNotice] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    const saved = await save.mutateAsync(url.trim()).catch(() => undefined);
    if (saved) {
      setUrl("");
      setNotice(t("saved", { host: saved.host ?? "" }));
    }
  }
  const fieldErrors = save.error instanceof ApiRequestError ? save.error.fieldErrors() : {};
  const urlError = errorText(fieldErrors.url?.[0] ?? fieldErrors.chat_webhook_url?.[0]);
  const host = chat.data?.host;

  return (
    <Section title={t("title")} id="chat">
      <p className="mb-3 text-sm text-slate-700">{t("intro")}</p>
      {host ? (
        <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
          <span>{t("configured", { host })}</span>
          <Button
            variant="secondary"
            disabled={test.isPending}
            onClick={() => test.mutate(locale, { onSuccess: () => setNotice(t("testQueued")) })}
          >
            {test.isPending ? t("testing") : t("test")}
          </Button>
          <ConfirmButton
            label={t("remove")}
            question={t("confirmRemove")}
            onConfirm={() => save.mutate(null, { onSuccess: () => setNotice(t("removed")) })}
          />
        </div>
      ) : (
        chat.isSuccess && <p className="mb-4 text-sm text-slate-600">{t("none")}</p>
      )}
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <Field
          label={host ? t("replaceLabel") : t("urlLabel")}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={urlError}
          hint={t("urlHint")}
          className="min-w-72 flex-1"
          required
          maxLength={2048}
          autoComplete="off"
        />
        <Button type="submit" disabled={save.isPending || !url.trim()}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
      </form>
      <p role="status" className="mt-2 text-sm text-green-800">
        {notice ?? ""}
      </p>
      {test.isError && <Alert tone="error">{t("testError")}</Alert>}
    </Section>
  );
}
