"use client";

// What owners and admins do with the team from the account screen: change a member's role, remove
// them, make a password-reset link for them, and invite someone by e-mail.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useLocale, useTranslations } from "use-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { useErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiRequestError } from "@/lib/queries/fetcher";

type Role = "owner" | "admin" | "viewer";

function LinkBox({ link, label }: { link: string; label: string }) {
  return (
    <div className="mt-2 flex w-full items-center gap-2">
      <code aria-label={label} className="flex-1 overflow-x-auto rounded bg-slate-100 px-2 py-1 text-xs">
        {link}
      </code>
      <CopyButton value={link} />
    </div>
  );
}

export function MemberActions({ userId, name, role, viewerIsOwner }: { userId: string; name: string; role: Role; viewerIsOwner: boolean }) {
  const t = useTranslations("account.team");
  const common = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [resetLink, setResetLink] = useState<string>();
  const mayTouch = viewerIsOwner || role !== "owner";

  async function act(run: () => Promise<unknown>) {
    setError(undefined);
    try {
      await run();
      router.refresh();
    } catch (e) {
      const fieldCode = e instanceof ApiRequestError ? Object.values(e.fieldErrors())[0]?.[0] : undefined;
      setError(errorText(fieldCode) ?? (e instanceof ApiRequestError && e.status === 409 ? t("lastOwner") : common("genericError")));
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${userId}`}>
        {t("roleOf", { name })}
      </label>
      <select
        id={`role-${userId}`}
        value={role}
        disabled={!mayTouch}
        onChange={(e) => void act(() => apiFetch(`/api/v1/members/${userId}`, { method: "PATCH", body: { role: e.target.value } }))}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {(["owner", "admin", "viewer"] as const)
          .filter((r) => viewerIsOwner || r !== "owner" || role === "owner")
          .map((r) => (
            <option key={r} value={r}>
              {common(`roles.${r}`)}
            </option>
          ))}
      </select>
      <Button
        variant="secondary"
        disabled={!mayTouch}
        onClick={() =>
          void act(async () =>
            setResetLink((await apiFetch<{ link: string }>(`/api/v1/members/${userId}/password-reset`, { method: "POST" })).link),
          )
        }
      >
        {t("resetLink")}
      </Button>
      {mayTouch && (
        <ConfirmButton
          label={t("remove")}
          question={t("removeConfirm", { name })}
          onConfirm={() => void act(() => apiFetch(`/api/v1/members/${userId}`, { method: "DELETE" }))}
        />
      )}
      {error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
      {resetLink && <LinkBox link={resetLink} label={t("resetLinkFor", { name })} />}
    </div>
  );
}

export function InviteForm() {
  const t = useTranslations("account.team");
  const common = useTranslations("common");
  const locale = useLocale();
  const errorText = useErrorText();
  const [state, setState] = useState<{ pending?: boolean; error?: unknown; link?: string; emailed?: boolean }>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setState({ pending: true });
    try {
      const { invitation } = await apiFetch<{ invitation: { link: string; message_status: string } }>("/api/v1/invitations", {
        method: "POST",
        body: { email: data.get("email"), role: data.get("role"), locale },
      });
      setState({ link: invitation.link, emailed: invitation.message_status === "queued" });
      form.reset();
    } catch (error) {
      setState({ error });
    }
  }
  const emailError = state.error instanceof ApiRequestError ? errorText(state.error.fieldErrors().email?.[0]) : undefined;

  return (
    <form onSubmit={submit} className="mt-4 flex flex-col gap-2 border-t border-slate-100 pt-4" noValidate>
      <h3 className="text-sm font-semibold">{t("inviteTitle")}</h3>
      <div className="flex flex-wrap items-end gap-2">
        <Field label={t("inviteEmail")} name="email" type="email" required error={emailError} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("inviteRole")}
          <select name="role" defaultValue="viewer" className="rounded border border-slate-300 bg-white px-2 py-2 font-normal">
            <option value="viewer">{common("roles.viewer")}</option>
            <option value="admin">{common("roles.admin")}</option>
          </select>
        </label>
        <Button type="submit" disabled={state.pending}>
          {state.pending ? t("inviting") : t("invite")}
        </Button>
      </div>
      {state.error !== undefined && !emailError ? <Alert tone="error">{common("genericError")}</Alert> : null}
      {state.link && (
        <Alert tone={state.emailed ? "success" : "warning"}>
          {state.emailed ? t("invited") : t("invitedNoEmail")}
          <LinkBox link={state.link} label={t("inviteLink")} />
        </Alert>
      )}
    </form>
  );
}
