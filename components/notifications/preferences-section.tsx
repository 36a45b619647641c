"use client";

import { useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Section } from "@/components/ui/section";
import { ALERT_KINDS, type AlertKind } from "@/lib/alerts/kinds";
import { usePreferences, useSavePreferences, type Preferences } from "@/lib/queries/notifications";

/** The member's own choices: which alerts come by e-mail, and in which language. */
export function PreferencesSection({ receivesAlerts }: { receivesAlerts: boolean }) {
  const t = useTranslations("notifications");
  const preferences = usePreferences();
  return (
    <Section title={t("preferences.title")} id="preferences">
      {!receivesAlerts && <p className="mb-3 text-sm text-slate-700">{t("preferences.viewerNote")}</p>}
      {preferences.isError && <Alert tone="error">{t("loadError")}</Alert>}
      {preferences.data && <PreferencesForm initial={preferences.data} receivesAlerts={receivesAlerts} />}
    </Section>
  );
}

function PreferencesForm({ initial, receivesAlerts }: { initial: Preferences; receivesAlerts: boolean }) {
  const t = useTranslations("notifications");
  const save = useSavePreferences();
  const [email, setEmail] = useState(initial.email);
  const [locale, setLocale] = useState(initial.locale);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    await save.mutateAsync({ email, locale }).then(
      () => setSaved(true),
      () => undefined,
    );
  }
  const toggle = (kind: AlertKind, on: boolean) => setEmail((current) => ({ ...current, [kind]: on }));

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      {receivesAlerts && (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t("preferences.emailLegend")}</legend>
          {ALERT_KINDS.map((kind) => (
            <Checkbox
              key={kind}
              label={t(`kinds.${kind}`)}
              description={t(`kindHelp.${kind}`)}
              checked={email[kind]}
              onChange={(e) => toggle(kind, e.target.checked)}
            />
          ))}
        </fieldset>
      )}
      <label className="flex max-w-xs flex-col gap-1 text-sm font-medium">
        {t("preferences.language")}
        <select
          value={locale}
          onChange={(e) => setLocale(e.target.value as Preferences["locale"])}
          className="rounded border border-slate-300 bg-white px-2 py-2 font-normal"
        >
          <option value="pt-BR">Português (Brasil)</option>
          <option value="en">English</option>
        </select>
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
        <p role="status" className="text-sm text-green-800">
          {saved ? t("preferences.saved") : ""}
        </p>
      </div>
      {save.isError && <Alert tone="error">{t("saveError")}</Alert>}
    </form>
  );
}
