import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { SignUpForm } from "@/components/auth/sign-up-form";

export default async function SignUpPage() {
  if (await currentUser()) redirect("/account");
  return <SignUpForm />;
}
