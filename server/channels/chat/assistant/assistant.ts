import type { AppContext } from "../../../services/context";
import { getConversation } from "../../../store/repositories/chat.repository";
import { parseCommand, type Asker } from "./command";
import { COMMANDS } from "./commands";
import { answerCreateShop, pendingCreateShopQuestion } from "./createshop";

/**
 * The assistant's answer to a chat message, or null when the message is not for it:
 * a `@command`, or any plain message while one of the asker's conversations is waiting for an answer.
 */
export async function answerMessage(app: AppContext, asker: Asker, content: string): Promise<string | null> {
  const command = parseCommand(content);
  if (command) {
    const known = COMMANDS.find((c) => c.name === command.name);
    if (!known) return `I don't know @${command.name}. Type @help to see what I can do.`;
    return known.run(app, asker, command.args);
  }
  const conversation = await getConversation(app.db, asker.roomId, asker.userId);
  return conversation ? answerCreateShop(app, asker, conversation, content) : null;
}

/** The question an unfinished conversation waits on, to repeat when the asker comes back. */
export async function pendingQuestion(app: AppContext, asker: Asker): Promise<string | null> {
  const conversation = await getConversation(app.db, asker.roomId, asker.userId);
  return conversation ? pendingCreateShopQuestion(conversation) : null;
}
