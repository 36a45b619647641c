import { AcceptInvitationForm } from "@/components/auth/password-reset-forms";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { peekLink } from "@/lib/auth/links";
import { getTranslator } from "@/lib/i18n/server";

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = "" } = await searchParams;
  const link = await peekLink("invitation", token);
  if (!link?.organization) {
    const t = await getTranslator();
    return (
      <AuthCard title={t("auth.invite.invalidTitle")}>
        <Alert tone="error">{t("errors.link.invalid")}</Alert>
      </AuthCard>
    );
  }
  return <AcceptInvitationForm token={token} email={link.email} organization={link.organization.name} />;
}
