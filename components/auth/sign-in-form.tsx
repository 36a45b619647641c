"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** `returnTo`: a page of this site to open once signed in (else the account screen). */
export function SignInForm({ returnTo = "/account" }: { returnTo?: string }) {
  const t = useTranslations("auth");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(returnTo);
      return;
    }
    setPending(false);
    setError(result?.error === "rate_limited" ? t("errors.rate_limited") : t("errors.CredentialsSignin"));
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
        {error && <Alert tone="error">{error}</Alert>}
        <Field label={t("email")} name="email" type="email" autoComplete="email" required />
        <Field label={t("password")} name="password" type="password" autoComplete="current-password" required />
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
