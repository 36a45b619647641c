"use client";

import { useFormatter, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/section";
import { useNotifications, type NotificationItem } from "@/lib/queries/notifications";

const TONE = { sent: "success", queued: "neutral", failed: "danger", unsent: "warning" } as const;

function Status({ item }: { item: NotificationItem }) {
  const t = useTranslations("notifications.list");
  const label = item.status === "unsent" && item.channel === "email" ? t("status.unsentNoSmtp") : t(`status.${item.status}`);
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone={TONE[item.status]}>{label}</Badge>
      {item.status === "failed" && item.error && <span className="text-xs break-all text-red-800">{item.error}</span>}
    </span>
  );
}

/** Every message the organization's people were sent (alerts, invitations), e-mail and chat, newest first. */
export function NotificationList() {
  const t = useTranslations("notifications.list");
  const kinds = useTranslations("notifications.kinds");
  const format = useFormatter();
  const list = useNotifications();
  const rows = list.data?.pages.flatMap((page) => page.notifications) ?? [];
  const kindLabel = (kind: string) => (kinds.has(kind as never) ? kinds(kind as never) : kind);
  return (
    <Section title={t("title")} id="sent">
      {list.isError && <Alert tone="error">{t("loadError")}</Alert>}
      {list.isSuccess && !rows.length && <p className="text-sm text-slate-600">{t("empty")}</p>}
      {rows.length > 0 && (
        <ul className="divide-y divide-slate-100" aria-label={t("title")}>
          {rows.map((item) => (
            <li key={item.id} className="flex flex-col gap-1 py-3 text-sm" data-testid="notification">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{item.subject}</span>
                <Status item={item} />
              </div>
              <p className="text-slate-600">
                {kindLabel(item.kind)} · {item.channel === "chat" ? t("toChat", { host: item.to }) : t("toEmail", { to: item.to })} ·{" "}
                <time dateTime={item.created_at}>
                  {format.dateTime(new Date(item.created_at), { dateStyle: "short", timeStyle: "short" })}
                </time>
              </p>
              <details open={item.status === "unsent"}>
                <summary className="cursor-pointer text-blue-700 underline">{t("showMessage")}</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs break-words whitespace-pre-wrap">{item.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" className="mt-3" disabled={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t("loadMore")}
        </Button>
      )}
    </Section>
  );
}
