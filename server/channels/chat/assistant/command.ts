import type { AppContext } from "../../../services/context";

/** Who is talking to the assistant, and where. */
export interface Asker {
  roomId: string;
  userId: string;
}

/** One `@command`: what `@help` lists and what runs when a message starts with it. */
export interface AssistantCommand {
  name: string;
  usage: string;
  description: string;
  /** `args` is the rest of the message after the command word, trimmed. Returns the answer. */
  run(app: AppContext, asker: Asker, args: string): Promise<string>;
}

/** `@find red shoes` → `{name: "find", args: "red shoes"}`; null for a message that is not a command. */
export function parseCommand(content: string): { name: string; args: string } | null {
  if (!content.startsWith("@")) return null;
  const [word, ...rest] = content.slice(1).split(/\s+/);
  return { name: word.toLowerCase(), args: rest.join(" ").trim() };
}
