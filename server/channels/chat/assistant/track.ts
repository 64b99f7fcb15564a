import { listDeliveriesForUser } from "../../../store/repositories/deliveries.repository";
import { isOpen } from "@/lib/delivery-rules";
import type { AssistantCommand } from "./command";

/** `@track`: the asker's deliveries still on their way, with the public tracking link. */
export const trackCommand: AssistantCommand = {
  name: "track",
  usage: "@track",
  description: "your active deliveries and their tracking links",
  async run(app, asker) {
    const active = (await listDeliveriesForUser(app.db, asker.userId)).filter((d) => isOpen(d.status));
    if (active.length === 0) return "You have no active deliveries.";
    const lines = active.map((d) => `Delivery ${d.id}: ${d.status.replace("_", " ")} - /track/${d.tracking_token}`);
    return ["Your active deliveries:", ...lines].join("\n");
  },
};
