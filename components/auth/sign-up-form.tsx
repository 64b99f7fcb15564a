"use client";

import { useActionState, useState } from "react";
import { signUpAction, type SignUpState } from "@/app/(market)/signup/actions";
import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, type SignUpInput } from "@/lib/accounts";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";

const NO_ERRORS: SignUpState = { errors: {} };

/** The sign-up form: the server decides, and each refused field says what to change. */
export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, NO_ERRORS);
  // Controlled, so a refusal keeps what was typed (a form action resets uncontrolled fields).
  const [values, setValues] = useState<SignUpInput>({ displayName: "", username: "", password: "" });
  const bind = (name: keyof SignUpInput) => ({
    name,
    value: values[name],
    error: state.errors[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return (
    <form action={action} className="mt-8 space-y-4" noValidate>
      <TextField label="Your name" autoComplete="name" hint="Shown to shops you message." {...bind("displayName")} />
      <TextField
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint={`${USERNAME_MIN}-${USERNAME_MAX} letters, digits, dots or underscores; you sign in with it.`}
        {...bind("username")}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters. A few unrelated words are easy to remember and hard to guess.`}
        {...bind("password")}
      />
      {state.tooMany ? (
        <p role="alert" className="rounded-xl bg-red-500/10 p-3 text-sm text-red-300">
          Too many accounts were created from your network in the last hour. Try again later.
        </p>
      ) : null}
      <SubmitButton pendingLabel="Creating your account…" className="btn-primary w-full py-3">
        Create account
      </SubmitButton>
    </form>
  );
}
