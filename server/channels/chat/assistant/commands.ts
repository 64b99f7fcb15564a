import { deleteConversation } from "../../../store/repositories/chat.repository";
import type { AssistantCommand } from "./command";
import { createShopCommand } from "./createshop";
import { findCommand } from "./find";
import { trackCommand } from "./track";

const helpCommand: AssistantCommand = {
  name: "help",
  usage: "@help",
  description: "this list",
  async run() {
    return ["I can help with:", ...COMMANDS.map((c) => `${c.usage} - ${c.description}`)].join("\n");
  },
};

const cancelCommand: AssistantCommand = {
  name: "cancel",
  usage: "@cancel",
  description: "stop the current conversation",
  async run(app, asker) {
    return (await deleteConversation(app.db, asker.roomId, asker.userId)) ? "Cancelled." : "There is nothing to cancel.";
  },
};

/** Every command, in the order `@help` lists them. */
export const COMMANDS: readonly AssistantCommand[] = [helpCommand, createShopCommand, findCommand, trackCommand, cancelCommand];
