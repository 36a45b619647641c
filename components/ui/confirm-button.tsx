"use client";

import { useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";

/** A button that asks for confirmation inline (keyboard and screen-reader friendly, no modal). */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  disabled,
}: {
  label: string;
  question: ReactNode;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const t = useTranslations("common");
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="secondary" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
      <span>{question}</span>
      <Button variant="danger" autoFocus onClick={() => (setAsking(false), onConfirm())}>
        {t("confirm")}
      </Button>
      <Button variant="secondary" onClick={() => setAsking(false)}>
        {t("cancel")}
      </Button>
    </div>
  );
}
