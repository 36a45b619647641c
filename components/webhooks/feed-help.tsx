"use client";

import { useSyncExternalStore } from "react";
import { useTranslations } from "use-intl";
import { Section } from "@/components/ui/section";

/** A polling webhook's page: how its receiver reads and acknowledges the feed (README "Receiving without a public URL"). */
export function FeedHelp({ webhookId }: { webhookId: string }) {
  const t = useTranslations("webhooks.feedHelp");
  // the dashboard's own address, known in the browser (the server renders the same text first)
  const origin = useSyncExternalStore(
    () => () => undefined,
    () => window.location.origin,
    () => "",
  );
  const feed = `${origin}/api/v1/webhooks/${webhookId}/feed`;
  const code = "block overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100";
  return (
    <Section title={t("title")} id="feed">
      <div className="flex flex-col gap-3 text-sm">
        <p>{t("intro")}</p>
        <p>{t("read")}</p>
        <code className={code}>{`curl -H "Authorization: Bearer $TOKEN" "${feed}?wait=30&limit=100"`}</code>
        <p>{t("ack")}</p>
        <code className={code}>
          {`curl -X POST -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' ${feed}/ack -d '{"cursor": "<next_cursor>"}'`}
        </code>
        <p>{t("cli")}</p>
        <code
          className={code}
        >{`npx nfe-webhooks listen --forward-to http://localhost:8080/webhooks --api ${origin || "http://localhost:3000"}`}</code>
      </div>
    </Section>
  );
}
