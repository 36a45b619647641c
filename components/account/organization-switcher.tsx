"use client";

import { useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/ui/error-text";
import { SelectField } from "@/components/ui/select-field";
import { apiFetch } from "@/lib/queries/fetcher";

/**
 * For a person in several organizations: pick one and press "Trocar"; the session moves there and the
 * account screen opens in it. A button, not a change of the select, so arrow keys never switch by accident.
 */
export function OrganizationSwitcher({ organizations, currentId }: { organizations: { id: string; name: string }[]; currentId: string }) {
  const t = useTranslations("account.switcher");
  const errorText = useErrorText();
  const [chosen, setChosen] = useState(currentId);
  const [state, setState] = useState<{ pending?: boolean; error?: unknown }>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ pending: true });
    try {
      await apiFetch("/api/v1/me/organization", { method: "POST", body: { organization_id: chosen } });
      window.location.assign("/account");
    } catch (error) {
      setState({ error });
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end justify-end gap-2">
      <SelectField
        label={t("label")}
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        options={organizations.map((o) => ({ value: o.id, label: o.name }))}
      />
      <Button type="submit" variant="secondary" disabled={state.pending || chosen === currentId}>
        {state.pending ? t("switching") : t("switch")}
      </Button>
      {state.error !== undefined && <Alert tone="error">{errorText.ofRequest(state.error, t("failed"))}</Alert>}
    </form>
  );
}
