"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/error-text";

type Blank = Partial<Record<"email" | "password", "blank">>;

/** `returnTo`: a page of this site to open once signed in (else the account screen). */
export function SignInForm({ returnTo = "/account" }: { returnTo?: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const [error, setError] = useState<{ text: string }>();
  const [blank, setBlank] = useState<Blank>({});
  const [pending, setPending] = useState(false);
  const alert = useRef<HTMLDivElement>(null);

  // a refused sign-in is read out and focused, the same after a second wrong password
  useEffect(() => alert.current?.focus(), [error]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get("email") ?? "").trim();
    const password = String(new FormData(form).get("password") ?? "");
    // nothing to check on the server: said next to the fields, and no attempt is spent
    const missing: Blank = { ...(email ? {} : { email: "blank" }), ...(password ? {} : { password: "blank" }) };
    setBlank(missing);
    if (missing.email || missing.password) {
      setError(undefined);
      form.querySelector<HTMLInputElement>(`[name=${missing.email ? "email" : "password"}]`)?.focus();
      return;
    }
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(returnTo);
      return;
    }
    setPending(false);
    setError({ text: result?.error === "rate_limited" ? t("errors.rate_limited") : t("errors.CredentialsSignin") });
  }

  return (
    <AuthCard
      title={t("signInTitle")}
      footer={
        <>
          {t("noAccount")}{" "}
          <Link href="/sign-up" className="text-blue-700 underline">
            {t("goSignUp")}
          </Link>
        </>
      }
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {error && (
          <Alert tone="error" ref={alert}>
            {error.text}
          </Alert>
        )}
        <Field
          label={t("email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          error={errorText(blank.email)}
          onChange={() => blank.email && setBlank({ ...blank, email: undefined })}
        />
        <Field
          label={t("password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errorText(blank.password)}
          onChange={() => blank.password && setBlank({ ...blank, password: undefined })}
        />
        <Link href="/forgot-password" className="-mt-2 self-end text-sm text-blue-700 underline">
          {t("forgotPassword")}
        </Link>
        <Button type="submit" disabled={pending}>
          {pending ? t("signingIn") : t("signIn")}
        </Button>
      </form>
    </AuthCard>
  );
}
