import type { ChannelModule } from "../channel/channel";

type AnyModule = ChannelModule<any, any>;

/** Topic pattern → channel module. Patterns end in `*`; the longest matching prefix wins. */
export class ChannelRouter {
  private routes: { prefix: string; exact: boolean; module: AnyModule }[] = [];

  register(module: AnyModule): this {
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

}
