import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { SignInForm } from "@/components/auth/sign-in-form";

export default async function SignInPage() {
  if (await currentUser()) redirect("/account");
  return <SignInForm />;
}
