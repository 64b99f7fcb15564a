import { z } from "zod";
import type { AppContext } from "../../../services/context";
import {
  deleteConversation,
  saveConversation,
  type AssistantConversation,
} from "../../../store/repositories/chat.repository";
import { createShop } from "../../../store/repositories/shops.repository";
import type { AssistantCommand, Asker } from "./command";

type Step = "name" | "location" | "category";

interface ShopDraft {
  name?: string;
  location?: string;
}

const answer = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, `The ${label} needs at least ${min} characters.`)
    .max(max, `The ${label} can have at most ${max} characters.`);

// Each step: the question, how its answer is checked, and the step that follows.
const STEPS: Record<Step, { question: (draft: ShopDraft) => string; schema: z.ZodType<string>; next: Step | null }> = {
  name: {
    question: () => "Let's open your shop! What is its name? (2-60 characters, @cancel to stop)",
    schema: answer("name", 2, 60),
    next: "location",
  },
  location: {
    question: (draft) => `Where is "${draft.name}" located? (a neighborhood or city)`,
    schema: answer("location", 2, 80),
    next: "category",
  },
  category: {
    question: () => "What does it sell? Give a category such as electronics, fashion or kitchen.",
    schema: answer("category", 2, 40).transform((category) => category.toLowerCase()),
    next: null,
  },
};

/** `@createshop`: a three-question conversation, persisted so it survives reconnects. */
export const createShopCommand: AssistantCommand = {
  name: "createshop",
  usage: "@createshop",
  description: "open your own shop (name, location, category)",
  async run(app, asker) {
    await saveStep(app, asker, "name", {});
    return STEPS.name.question({});
  },
};

/** The question the conversation is waiting on, to ask again after a reconnect. */
export function pendingCreateShopQuestion(conversation: AssistantConversation): string {
  return STEPS[conversation.step as Step].question(conversation.data as ShopDraft);
}

/** A plain message while the conversation is active: the answer to the pending question. */
export async function answerCreateShop(app: AppContext, asker: Asker, conversation: AssistantConversation, text: string): Promise<string> {
  const step = STEPS[conversation.step as Step];
  const draft = conversation.data as ShopDraft;
  const parsed = step.schema.safeParse(text);
  if (!parsed.success) return `${parsed.error.issues[0].message} ${step.question(draft)}`;

  const updated = { ...draft, [conversation.step]: parsed.data };
  if (step.next) {
    await saveStep(app, asker, step.next, updated);
    return STEPS[step.next].question(updated);
  }
  const shop = await createShop(app.db, { ownerId: asker.userId, name: updated.name!, location: updated.location!, category: parsed.data });
  await deleteConversation(app.db, asker.roomId, asker.userId);
  return `Your shop "${shop.name}" is open! Its id is ${shop.id}. Add your first products at /shop`;
}

function saveStep(app: AppContext, asker: Asker, step: Step, data: ShopDraft): Promise<void> {
  return saveConversation(app.db, { roomId: asker.roomId, userId: asker.userId, command: "createshop", step, data });
}
