"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useLocale, useTranslations } from "use-intl";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiRequestError } from "@/lib/queries/fetcher";

const backToSignIn = (label: string) => (
  <Link href="/sign-in" className="text-blue-700 underline">
    {label}
  </Link>
);

/** "Esqueci minha senha": the same answer whether the e-mail has an account or not. */
export function ForgotPasswordForm() {
  const t = useTranslations("auth.reset");
  const locale = useLocale();
  const errorText = useErrorText();
  const [state, setState] = useState<{ pending?: boolean; done?: { emailConfigured: boolean }; error?: unknown }>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = new FormData(event.currentTarget).get("email");
    setState({ pending: true });
    try {
      const answer = await apiFetch<{ email_configured: boolean }>("/api/password-reset", { method: "POST", body: { email, locale } });
      setState({ done: { emailConfigured: answer.email_configured } });
    } catch (error) {
      setState({ error });
    }
  }
  const fieldError = state.error instanceof ApiRequestError ? errorText(state.error.fieldErrors().email?.[0]) : undefined;

  return (
    <AuthCard title={t("forgotTitle")} footer={backToSignIn(t("backToSignIn"))}>
      {state.done ? (
        <Alert tone={state.done.emailConfigured ? "success" : "warning"}>{state.done.emailConfigured ? t("sent") : t("noEmail")}</Alert>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <p className="text-sm text-slate-600">{t("forgotIntro")}</p>
          {state.error !== undefined && !fieldError ? <Alert tone="error">{errorText.ofRequest(state.error, t("failed"))}</Alert> : null}
          <Field label={t("email")} name="email" type="email" autoComplete="email" required error={fieldError} />
          <Button type="submit" disabled={state.pending}>
            {state.pending ? t("sending") : t("send")}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}

/** The page a reset link opens: a new password, once. */
export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("auth.reset");
  const errorText = useErrorText();
  const [state, setState] = useState<{ pending?: boolean; done?: boolean; error?: unknown }>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = new FormData(event.currentTarget).get("password");
    setState({ pending: true });
    try {
      await apiFetch("/api/password-reset/confirm", { method: "POST", body: { token, password } });
      setState({ done: true });
    } catch (error) {
      setState({ error });
    }
  }
  const fields = state.error instanceof ApiRequestError ? state.error.fieldErrors() : {};

  return (
    <AuthCard title={t("resetTitle")} footer={backToSignIn(t("backToSignIn"))}>
      {state.done ? (
        <Alert tone="success">{t("changed")}</Alert>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          {fields.token?.[0] && <Alert tone="error">{errorText(fields.token[0])}</Alert>}
          <Field
            label={t("newPassword")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            error={errorText(fields.password?.[0])}
          />
          <Button type="submit" disabled={state.pending}>
            {state.pending ? t("saving") : t("save")}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}

/** The page an invitation opens: the person's name and password, and they are in. */
export function AcceptInvitationForm({ token, email, organization }: { token: string; email: string; organization: string }) {
  const t = useTranslations("auth.invite");
  const errorText = useErrorText();
  const [state, setState] = useState<{ pending?: boolean; done?: boolean; error?: unknown }>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setState({ pending: true });
    try {
      await apiFetch("/api/invitations/accept", {
        method: "POST",
        body: { token, name: form.get("name"), password: form.get("password") },
      });
      setState({ done: true });
    } catch (error) {
      setState({ error });
    }
  }
  const fields = state.error instanceof ApiRequestError ? state.error.fieldErrors() : {};

  return (
    <AuthCard title={t("title", { organization })} footer={backToSignIn(t("signIn"))}>
      {state.done ? (
        <Alert tone="success">{t("done")}</Alert>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <p className="text-sm text-slate-600">{t("intro", { email })}</p>
          {fields.token?.[0] && <Alert tone="error">{errorText(fields.token[0])}</Alert>}
          <Field label={t("name")} name="name" autoComplete="name" required maxLength={120} error={errorText(fields.name?.[0])} />
          <Field
            label={t("password")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            error={errorText(fields.password?.[0])}
          />
          <Button type="submit" disabled={state.pending}>
            {state.pending ? t("joining") : t("join")}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
