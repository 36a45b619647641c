import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { returnPath } from "@/lib/auth/return-path";
import { SignInForm } from "@/components/auth/sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const returnTo = returnPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnTo ?? "/account");
  return <SignInForm returnTo={returnTo} />;
}
