"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useErrorText } from "@/components/ui/error-text";
import { apiFetch, ApiRequestError } from "@/lib/queries/fetcher";

interface JoinInvitationProps {
  token: string;
  /** the invited e-mail, which already has an account */
  email: string;
  organization: string;
  /** the signed-in user's e-mail, null when nobody is signed in */
  signedInAs: string | null;
}

/** The page an invitation opens for an e-mail that already has an account: sign in as it, then accept. */
export function JoinInvitation({ token, email, organization, signedInAs }: JoinInvitationProps) {
  const t = useTranslations("auth.invite");
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(`/invite?token=${token}`)}`;
  return (
    <AuthCard title={t("title", { organization })}>
      <div className="flex flex-col gap-4 text-sm text-slate-700">
        <p>{t("invitedEmail", { email })}</p>
        {signedInAs === null ? (
          <>
            <p>{t("existingAccount")}</p>
            <Link href={signInHref} className="self-start rounded-md bg-blue-700 px-3 py-2 font-medium text-white hover:bg-blue-800">
              {t("signInToAccept")}
            </Link>
          </>
        ) : signedInAs === email ? (
          <AcceptButton token={token} signedInAs={signedInAs} />
        ) : (
          <>
            <Alert tone="warning">{t("otherAccount", { email, current: signedInAs })}</Alert>
            <Button
              variant="secondary"
              className="self-start"
              onClick={async () => {
                await signOut({ redirect: false });
                window.location.assign(signInHref);
              }}
            >
              {t("switchAccount", { email })}
            </Button>
          </>
        )}
      </div>
    </AuthCard>
  );
}

function AcceptButton({ token, signedInAs }: { token: string; signedInAs: string }) {
  const t = useTranslations("auth.invite");
  const errorText = useErrorText();
  const [state, setState] = useState<{ pending?: boolean; error?: unknown }>({});

  async function accept() {
    setState({ pending: true });
    try {
      await apiFetch("/api/invitations/join", { method: "POST", body: { token } });
      window.location.assign("/account");
    } catch (error) {
      setState({ error });
    }
  }
  const linkProblem = state.error instanceof ApiRequestError ? state.error.fieldErrors().token?.[0] : undefined;

  return (
    <>
      <p>{t("signedInAs", { email: signedInAs })}</p>
      {state.error !== undefined && (
        <Alert tone="error">{linkProblem ? errorText(linkProblem) : errorText.ofRequest(state.error, t("acceptFailed"))}</Alert>
      )}
      <Button className="self-start" onClick={accept} disabled={state.pending}>
        {state.pending ? t("accepting") : t("accept")}
      </Button>
    </>
  );
}
