import { ACCESS_TOKEN, HEARTBEAT, PHX_JOIN, PHX_LEAVE } from "@/lib/protocol";
import type { ChannelModule } from "../channel/channel";

type AnyModule = ChannelModule<any, any>;

/** Topic pattern → channel module. Patterns end in `*`; the longest matching prefix wins. */
export class ChannelRouter {
  private routes: { prefix: string; exact: boolean; module: AnyModule }[] = [];
  private readonly knownEvents = new Set<string>([PHX_JOIN, PHX_LEAVE, HEARTBEAT, ACCESS_TOKEN]);

  register(module: AnyModule): this {
    for (const event of Object.keys(module.events.in)) this.knownEvents.add(event);
    for (const pattern of module.patterns) {
      const exact = !pattern.endsWith("*");
      this.routes.push({ prefix: exact ? pattern : pattern.slice(0, -1), exact, module });
    }
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
    return this;
  }

  match(topic: string): AnyModule | null {
    for (const route of this.routes) {
      if (route.exact ? topic === route.prefix : topic.startsWith(route.prefix) && topic.length > route.prefix.length) {
        return route.module;
      }
    }
    return null;
  }

  /** The metrics label of a client event: its name when some channel handles it, else "unknown". */
  eventLabel(event: string): string {
    return this.knownEvents.has(event) ? event : "unknown";
  }
}
