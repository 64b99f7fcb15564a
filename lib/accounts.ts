import { z } from "zod";

// The sign-up form's rules, shared by the form (hints) and the server (the decision).

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/**
 * Names that would pass for the service itself in a chat or a notification. Sign-up refuses them
 * and every username that starts with one of them ("admin_maya", "support2").
 */
const RESERVED = ["admin", "assistant", "system", "support", "moderator", "official", "realtimemarket"];
/** Words refused only as the whole name: "help" must not also refuse "helpful_hannah". */
const RESERVED_EXACT = [
  ...["administrator", "help", "staff", "root", "security", "market", "realtime", "me", "mod", "api"],
  ...["shop", "shops", "user", "users", "owner", "courier", "null", "undefined", "anonymous", "everyone", "signup", "login"],
];

const plain = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

export function isReservedUsername(name: string): boolean {
  return RESERVED_EXACT.includes(plain(name)) || RESERVED.some((word) => plain(name).startsWith(word));
}

/** A display name may contain "Support" ("Ana Support-Lopez"), but not be just "Support" or "Realtime Market". */
export function isReservedDisplayName(name: string): boolean {
  return RESERVED.includes(plain(name)) || RESERVED_EXACT.includes(plain(name));
}

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(USERNAME_MIN, `Use at least ${USERNAME_MIN} characters for your username.`)
  .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters for your username.`)
  .regex(/^[a-z]/, "Start your username with a letter.")
  .regex(/^[a-z0-9._]+$/, "Use only letters, digits, dots and underscores in your username.")
  .refine((name) => !isReservedUsername(name), "This username is reserved, please pick another one.");

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Tell us your name.")
  .max(50, "Use at most 50 characters for your name.")
  // Control characters and line breaks would break every place a name is shown.
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, "Your name can't contain control characters.")
  .refine((name) => !isReservedDisplayName(name), "This name is reserved, please pick another one.");

/** Length only: how guessable a password is needs the server's dictionaries (services/accounts). */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for your password.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters for your password.`);

export interface SignUpInput {
  displayName: string;
  username: string;
  password: string;
}
/** One message per refused field, as the form shows it. */
export type SignUpErrors = Partial<Record<keyof SignUpInput, string>>;
