"use client";

import { useFormContext } from "react-hook-form";
import { useTranslations } from "use-intl";
import { CodeBlock } from "@/components/deliveries/code-block";
import { prettyBody } from "@/components/deliveries/format";
import { eventTypeNames, getEventType, OPERATIONAL_EVENT_TYPES } from "@/lib/webhooks/catalog";
import { catalogPersonalKeys } from "@/lib/webhooks/catalog/personal";
import { inexpressible, renderBody, type PayloadFormat } from "@/lib/webhooks/formats/formats";
import type { EndpointFormValues } from "@/components/webhooks/endpoint-form-schema";

/** What "Todos os eventos" sends: every type but the test request and the operational alerts. */
const ALL_EVENTS = eventTypeNames.filter((name) => name !== "webhook.test" && !OPERATIONAL_EVENT_TYPES.includes(name));
const PREVIEW_WITH_ALL = "nfe.authorized";
// fixed, so the server-rendered form and the browser's agree
const PREVIEW_TIME = new Date("2026-11-12T13:15:05.000Z");
const PREVIEW_EVENT_ID = "0193a0b4-5c2d-7e10-8f00-000000004242";

function previewBody(format: PayloadFormat, type: string, environment: string, redact: boolean): string | undefined {
  const data = (getEventType(type)?.example ?? {}) as Record<string, unknown>;
  const event = { type, createdAt: PREVIEW_TIME, data, eventId: PREVIEW_EVENT_ID, environment };
  return renderBody(format, event, { personalKeys: redact ? catalogPersonalKeys() : undefined })?.body;
}

/** The body the chosen format sends for the first chosen event type, and the chosen types it cannot express. */
export function PayloadPreview() {
  const t = useTranslations("webhooks.form");
  const { watch } = useFormContext<EndpointFormValues>();
  const [format, allEvents, chosen, environment, redact] = watch([
    "payload_format",
    "all_events",
    "event_types",
    "environment",
    "redact_personal",
  ]);
  const types: readonly string[] = allEvents ? ALL_EVENTS : chosen;
  const left = inexpressible(format, types);
  const shown = allEvents && !left.includes(PREVIEW_WITH_ALL) ? PREVIEW_WITH_ALL : types.find((type) => !left.includes(type));
  const body = shown && previewBody(format, shown, environment, redact);
  return (
    <div className="flex flex-col gap-2">
      <div aria-live="polite">
        {left.length > 0 && (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            {shown ? t("inexpressible", { types: left.join(", ") }) : t("exampleNone")}
          </p>
        )}
      </div>
      {shown && body && <CodeBlock label={t("exampleTitle", { type: shown })} text={prettyBody(body)} />}
    </div>
  );
}
