import { TroubleBanner } from "@/components/account/trouble-banner";
import { endpointsInTrouble } from "@/lib/webhooks/log/trouble";
import { InviteForm, MemberActions } from "@/components/account/members-admin";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { canChange } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getOrganization, listMembers } from "@/lib/auth/accounts";
import { getLocale, getTranslator } from "@/lib/i18n/server";
import { env } from "@/lib/env";
import { Alert } from "@/components/ui/alert";
import { Section } from "@/components/ui/section";
import { TokensSection } from "@/components/account/tokens-section";
import { WebhooksSection } from "@/components/webhooks/webhooks-section";
import { AccountNav } from "@/components/account/account-nav";

export default async function AccountPage() {
  const user = await requireUser({ portal: false });
  const [t, organization, members, troubles, locale] = await Promise.all([
    getTranslator(),
    getOrganization(user.organizationId),
    listMembers(user.organizationId),
    endpointsInTrouble(user.organizationId),
    getLocale(),
  ]);
  const mayChange = canChange(user.role);
  return (
    <div className="flex flex-col gap-6">
      <AccountNav />
      <h1 className="text-2xl font-semibold">{t("account.title")}</h1>
      <TroubleBanner troubles={troubles} t={t} locale={locale} />
      {env.ALLOW_PRIVATE_WEBHOOK_URLS && <Alert tone="warning">{t("account.privateUrlsAllowed")}</Alert>}
      <Section title={t("account.organization")} id="organization">
        <p className="text-lg font-medium">{organization.name}</p>
        <p className="text-sm text-slate-600">{t("account.yourRole", { role: t(`common.roles.${user.role}`) })}</p>
        <div className="mt-3">
          <SignOutEverywhereButton />
        </div>
      </Section>
      <Section title={t("account.members")} id="members">
        <ul className="divide-y divide-slate-100">
          {members.map((m) => (
            <li key={m.user.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">{m.user.name}</span> <span className="text-slate-600">{m.user.email}</span>
              </span>
              {mayChange && m.user.id !== user.id ? (
                <MemberActions userId={m.user.id} name={m.user.name} role={m.role} viewerIsOwner={user.role === "owner"} />
              ) : (
                <span className="text-slate-600">{t(`common.roles.${m.role}`)}</span>
              )}
            </li>
          ))}
        </ul>
        {mayChange && <InviteForm />}
      </Section>
      <TokensSection canChange={mayChange} />
      <WebhooksSection canChange={mayChange} />
    </div>
  );
}
