import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonWords } from "@zxcvbn-ts/language-common";
import { dictionary as englishWords, translations } from "@zxcvbn-ts/language-en";

/** zxcvbn's 0-4 scale; 3 means "safely unguessable" against an online attack with throttling. */
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
/** Built on first use: the dictionaries take a moment to load, and only sign-up needs them. */
function estimator(): ZxcvbnFactory {
  return (factory ??= new ZxcvbnFactory({ translations, graphs: adjacencyGraphs, dictionary: { ...commonWords, ...englishWords } }));
}

/**
 * Why a password is too easy to guess, in words a person can act on, or null when it is strong
 * enough. `personal` holds what an attacker knows about the account (username, name).
 */
export async function passwordWeakness(password: string, personal: string[]): Promise<string | null> {
  const result = await estimator().check(password, [...personal, "realtime", "market"]);
  if (result.score >= MIN_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  return ["This password is too easy to guess.", warning, suggestions[0]].filter(Boolean).join(" ");
}
