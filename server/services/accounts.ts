import type { Kysely } from "kysely";
import type { z } from "zod";
import { displayNameSchema, passwordSchema, usernameSchema, type SignUpErrors, type SignUpInput } from "@/lib/accounts";
import type { Database } from "../store/database";
import { createUser, findUserByUsername, toPublicUser, type PublicUser } from "../store/repositories/users.repository";
import { passwordWeakness } from "./password-strength";

export type SignUpResult = { ok: true; user: PublicUser } | { ok: false; errors: SignUpErrors };

const TAKEN = "This username is taken, please pick another one.";

/**
 * A new shopper account. Every refused field gets a message that says what to change; nothing is
 * written unless every field passes. The id is opaque (`usr_…`), never derived from the username.
 */
export async function signUp(db: Kysely<Database>, form: Partial<Record<keyof SignUpInput, unknown>>): Promise<SignUpResult> {
  const errors: SignUpErrors = {};
  const field = <S extends z.ZodType>(name: keyof SignUpInput, schema: S): z.output<S> | undefined => {
    const parsed = schema.safeParse(form[name]);
    if (!parsed.success) errors[name] = parsed.error.issues[0].message;
    return parsed.data;
  };
  const displayName = field("displayName", displayNameSchema);
  const username = field("username", usernameSchema);
  const password = field("password", passwordSchema);

  if (password !== undefined) {
    if (username && password.toLowerCase().includes(username)) errors.password = "Don't put your username in your password.";
    else {
      const weakness = await passwordWeakness(password, [username, displayName].filter((s): s is string => !!s));
      if (weakness) errors.password = weakness;
    }
  }
  if (username && !errors.username && (await findUserByUsername(db, username))) errors.username = TAKEN;
  if (displayName === undefined || username === undefined || password === undefined || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }

  try {
    return { ok: true, user: toPublicUser(await createUser(db, { username, displayName, password })) };
  } catch (err) {
    // Two sign-ups raced for the name and the unique index on lower(username) let one through.
    if (isUniqueViolation(err)) return { ok: false, errors: { username: TAKEN } };
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}
