"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { signUpSchema, type SignUpInput } from "@/lib/auth/schemas";
import { apiFetch, ApiRequestError } from "@/lib/queries/fetcher";
import { useErrorText } from "@/components/ui/error-text";
import { CODED } from "@/lib/validation";

const FIELDS = ["name", "email", "password", "organization"] as const;

export function SignUpForm() {
  const t = useTranslations("auth");
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, setError, formState } = useForm<SignUpInput>({ resolver: zodResolver(signUpSchema, CODED) });
  const message = useErrorText();

  const submit = handleSubmit(async (input) => {
    setFormError(undefined);
    try {
      await apiFetch("/api/sign-up", { method: "POST", body: input });
    } catch (error) {
      if (error instanceof ApiRequestError && Object.keys(error.fieldErrors()).length) {
        for (const [field, codes] of Object.entries(error.fieldErrors())) setError(field as keyof SignUpInput, { message: codes[0] });
      } else setFormError(message.ofRequest(error, t("errors.signUpFailed")));
      return;
    }
    const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    if (result?.ok && !result.error) window.location.assign("/account");
    else setFormError(t("errors.CredentialsSignin"));
  });

  const labels = { name: t("name"), email: t("email"), password: t("password"), organization: t("organization") };
  return (
    <AuthCard
      title={t("signUpTitle")}
      footer={
        <>
          {t("haveAccount")}{" "}
          <Link href="/sign-in" className="text-blue-700 underline">
            {t("goSignIn")}
          </Link>
        </>
      }
    >
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {formError && <Alert tone="error">{formError}</Alert>}
        {FIELDS.map((field) => (
          <Field
            key={field}
            label={labels[field]}
            type={field === "password" ? "password" : field === "email" ? "email" : "text"}
            autoComplete={field === "password" ? "new-password" : field === "email" ? "email" : field === "name" ? "name" : "organization"}
            hint={field === "password" ? t("passwordHint") : undefined}
            error={message(formState.errors[field]?.message)}
            {...register(field)}
          />
        ))}
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t("signingUp") : t("signUp")}
        </Button>
      </form>
    </AuthCard>
  );
}
