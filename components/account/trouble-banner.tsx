// A banner at the top of the account screen while an endpoint is disabled or failing: what, since
// when, the last error in words, and where to act (a webhook's own page says it in its summary).
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { EndpointTrouble } from "@/lib/webhooks/log/trouble";
import type { getTranslator } from "@/lib/i18n/server";

type T = Awaited<ReturnType<typeof getTranslator>>;

function lastError(t: T, e: EndpointTrouble): string {
  switch (e.error_kind) {
    case "http":
      return t("account.trouble.errors.http", { status: e.response_status ?? 0 });
    case "timeout":
    case "connect":
    case "tls":
    case "dns":
    case "redirect":
      return t(`account.trouble.errors.${e.error_kind}`);
    default:
      return t("account.trouble.errors.other");
  }
}

interface TroubleBannerProps {
  troubles: EndpointTrouble[];
  t: T;
  locale: string;
}

export function TroubleBanner({ troubles, t, locale }: TroubleBannerProps) {
  if (!troubles.length) return null;
  const when = (d: Date | null) => (d ? new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" }).format(d) : "—");
  return (
    <div className="flex flex-col gap-2" data-testid="trouble-banner">
      {troubles.map((e) => (
        <Alert key={e.id} tone="error">
          <p className="font-medium">
            {e.enabled
              ? t("account.trouble.failing", { endpoint: e.description || e.url, since: when(e.since) })
              : t("account.trouble.disabled", { endpoint: e.description || e.url, since: when(e.since) })}
          </p>
          <p>
            {t("account.trouble.lastError", { error: lastError(t, e) })}
            {!e.enabled && e.paused > 0 && <> {t("account.trouble.paused", { count: e.paused })}</>}
          </p>
          <p className="mt-1 flex gap-4">
            <Link href={`/account/webhooks/${e.id}`} className="underline">
              {e.enabled ? t("account.trouble.seeDeliveries") : t("account.trouble.reactivate")}
            </Link>
          </p>
        </Alert>
      ))}
    </div>
  );
}
