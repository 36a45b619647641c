import { AcceptInvitationForm } from "@/components/auth/password-reset-forms";
import { AuthCard } from "@/components/auth/auth-card";
import { JoinInvitation } from "@/components/auth/join-invitation";
import { Alert } from "@/components/ui/alert";
import { currentUser } from "@/lib/auth/session";
import { invitationDetails } from "@/lib/auth/team";
import { getTranslator } from "@/lib/i18n/server";

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = "" } = await searchParams;
  const invitation = await invitationDetails(token);
  if (!invitation) {
    const t = await getTranslator();
    return (
      <AuthCard title={t("auth.invite.invalidTitle")}>
        <Alert tone="error">{t("errors.link.invalid")}</Alert>
      </AuthCard>
    );
  }
  if (!invitation.hasAccount) return <AcceptInvitationForm token={token} email={invitation.email} organization={invitation.organization} />;
  const user = await currentUser();
  return <JoinInvitation token={token} email={invitation.email} organization={invitation.organization} signedInAs={user?.email ?? null} />;
}
