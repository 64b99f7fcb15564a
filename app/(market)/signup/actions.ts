"use server";

import { headers } from "next/headers";
import { signIn } from "@/auth";
import type { SignUpErrors, SignUpInput } from "@/lib/accounts";
import { CLIENT_ADDRESS_HEADER, signUpLimiter } from "@/server/limits/sign-in-limiter";
import { signUp } from "@/server/services/accounts";
import { processStore } from "@/server/store/process-store";

export interface SignUpState {
  errors: SignUpErrors;
  /** Too many accounts made from this address lately: the whole form is refused. */
  tooMany?: boolean;
}

/** Creates the account, then signs it in and opens the feed (signIn redirects by throwing). */
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const form: SignUpInput = {
    displayName: String(formData.get("displayName") ?? ""),
    username: String(formData.get("username") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER) ?? "";
  const limiter = signUpLimiter();
  if (!(await limiter.allowed(address))) return { errors: {}, tooMany: true };
  const result = await signUp(processStore().db, form);
  if (!result.ok) return { errors: result.errors };
  await limiter.recordAccount(address);
  await signIn("credentials", { username: result.user.username, password: form.password, redirectTo: "/" });
  return { errors: {} };
}
