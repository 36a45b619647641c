"use client";

import { useState, type FormEvent } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { Section } from "@/components/ui/section";
import { useCreateToken, useRevokeToken, useTokens, type TokenScopeName } from "@/lib/queries/tokens";
import { ApiRequestError } from "@/lib/queries/fetcher";
import { useErrorText } from "@/components/ui/error-text";
import { EnvironmentBadge, useEnvironmentOptions } from "@/components/account/environment";
import type { Environment } from "@/lib/webhooks/environments";

export function TokensSection({ canChange }: { canChange: boolean }) {
  const t = useTranslations("account");
  const common = useTranslations("common");
  const format = useFormatter();
  const errorText = useErrorText();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScopeName>("admin");
  const [environment, setEnvironment] = useState<Environment | "both">("both");
  const environmentOptions = useEnvironmentOptions();
  const [created, setCreated] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create
      .mutateAsync({ name, scope, environment: environment === "both" ? null : environment })
      .catch(() => undefined);
    if (result) {
      setCreated(result.secret);
      setName("");
    }
  }
  const fieldErrors = create.error instanceof ApiRequestError ? create.error.fieldErrors() : {};
  const nameError = errorText(fieldErrors.name?.[0]);
  const baseError = errorText(fieldErrors.base?.[0]);

  return (
    <Section title={t("tokens")} id="tokens">
      <p className="mb-4 text-sm text-slate-600">{t("tokensIntro")}</p>
      {created && (
        <div className="mb-4 flex flex-col gap-2">
          <Alert tone="success">{t("tokenCreated")}</Alert>
          <div className="flex items-center gap-2">
            <code data-testid="new-token" className="flex-1 overflow-x-auto rounded bg-slate-100 px-2 py-1 text-sm">
              {created}
            </code>
            <CopyButton value={created} />
          </div>
        </div>
      )}
      {canChange && (
        <form onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-2">
          <Field label={t("tokenName")} value={name} onChange={(e) => setName(e.target.value)} error={nameError} required maxLength={80} />
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t("tokenScope")}
            <select
              value={scope}
              onChange={(e) => setScope(e.target.value as TokenScopeName)}
              aria-describedby="token-scope-help"
              className="rounded border border-slate-300 bg-white px-2 py-2 font-normal"
            >
              {(["publish", "read", "admin"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`scopes.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <SelectField
            label={t("tokenEnvironment")}
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as Environment | "both")}
            options={[{ value: "both", label: t("tokenEnvironments.both") }, ...environmentOptions]}
          />
          <Button type="submit" disabled={create.isPending || !name.trim()}>
            {create.isPending ? t("creatingToken") : t("createToken")}
          </Button>
        </form>
      )}
      {canChange && (
        <p id="token-scope-help" className="-mt-2 mb-4 text-xs text-slate-600">
          {t(`scopeHelp.${scope}`)}
        </p>
      )}
      {baseError && <Alert tone="error">{baseError}</Alert>}
      {create.isError && !nameError && !baseError && <Alert tone="error">{common("genericError")}</Alert>}
      {revoke.isSuccess && <Alert tone="success">{t("revoked")}</Alert>}
      {tokens.isPending ? (
        <p className="text-sm text-slate-600">{common("loading")}</p>
      ) : tokens.data?.length ? (
        <ul className="divide-y divide-slate-100" aria-label={t("tokens")}>
          {tokens.data.map((token) => (
            <li key={token.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">{token.name}</span> <code className="text-slate-600">{token.prefix}…</code>
                <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t(`scopes.${token.scope}`)}</span>{" "}
                {token.environment ? (
                  <EnvironmentBadge environment={token.environment} />
                ) : (
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t("tokenEnvironments.both")}</span>
                )}
                <span className="ml-2 text-slate-600">
                  {t("lastUsed", { when: token.last_used_at ? format.relativeTime(new Date(token.last_used_at)) : common("never") })}
                </span>
              </span>
              {canChange && (
                <ConfirmButton
                  label={t("revoke")}
                  question={t("revokeConfirm", { name: token.name })}
                  onConfirm={() => revoke.mutate(token.id)}
                />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{t("noTokens")}</p>
      )}
    </Section>
  );
}
