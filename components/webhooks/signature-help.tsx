"use client";

import { useTranslations } from "use-intl";
import { CopyButton } from "@/components/ui/copy-button";
import { Section } from "@/components/ui/section";

const SNIPPET = `import express from "express";
import { Webhook } from "standardwebhooks";

const webhook = new Webhook(process.env.WEBHOOK_SECRET); // "whsec_…"
const app = express();

app.post("/webhooks/nfe", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = webhook.verify(req.body, req.headers);
  } catch {
    return res.sendStatus(400);
  }
  res.sendStatus(204); // answer 2xx quickly, then process
  handle(event, req.headers["webhook-id"]); // webhook-id repeats on retries: skip duplicates
});`;

const HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

export function SignatureHelp() {
  const t = useTranslations("webhooks.signature");
  return (
    <Section title={t("title")} id="signature">
      <div className="flex flex-col gap-3 text-sm">
        <p>{t("intro")}</p>
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
          {HEADERS.map((name) => (
            <div key={name} className="contents">
              <dt>
                <code className="font-mono">{name}</code>
              </dt>
              <dd className="text-slate-700">{t(`headers.${name}`)}</dd>
            </div>
          ))}
        </dl>
        <p>{t("library")}</p>
        <pre
          tabIndex={0}
          aria-label={t("snippetLabel")}
          className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
        >
          {SNIPPET}
        </pre>
        <div>
          <CopyButton value={SNIPPET} label={t("copySnippet")} />
        </div>
        <p className="text-slate-700">{t("rotation")}</p>
      </div>
    </Section>
  );
}
