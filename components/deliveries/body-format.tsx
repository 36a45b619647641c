"use client";

import { useTranslations } from "use-intl";
import { isOneOf } from "@/lib/one-of";
import { PAYLOAD_FORMATS } from "@/lib/webhooks/formats/formats";
import { bodyFormatOf } from "@/components/deliveries/format";

/** A recorded body format in words: "Emites", "Padrão (Standard Webhooks) · dados pessoais ocultos". */
export function useBodyFormatName() {
  const t = useTranslations("deliveries.detail");
  const formats = useTranslations("webhooks.formats");
  return (recorded: string) => {
    const { format, redacted } = bodyFormatOf(recorded);
    const name = isOneOf(PAYLOAD_FORMATS, format) ? formats(`${format}.label`) : format;
    return redacted ? `${name} · ${t("redacted")}` : name;
  };
}
