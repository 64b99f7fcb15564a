"use server";

import { signIn } from "@/auth";
import type { SignUpErrors, SignUpInput } from "@/lib/accounts";
import { signUp } from "@/server/services/accounts";
import { processStore } from "@/server/store/process-store";

export interface SignUpState {
  errors: SignUpErrors;
}

/** Creates the account, then signs it in and opens the feed (signIn redirects by throwing). */
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const form: SignUpInput = {
    displayName: String(formData.get("displayName") ?? ""),
    username: String(formData.get("username") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
  const result = await signUp(processStore().db, form);
  if (!result.ok) return { errors: result.errors };
  await signIn("credentials", { username: result.user.username, password: form.password, redirectTo: "/" });
  return { errors: {} };
}
