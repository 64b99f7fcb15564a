import { z } from "zod";
import { defineChannel, joined, ok, refused, type JoinResult } from "@/server/channel/channel";

/**
 * A channel that behaves like the Phoenix reference app of `shared/research/phoenix-frames.md`
 * (join/deny, ping, broadcast, crash, presence), so protocol tests compare against real Phoenix.
 */
export const roomChannel = defineChannel({
  name: "room",
  patterns: ["room:*"],
  events: {
    join: z.object({ deny: z.boolean().optional(), crash: z.boolean().optional(), user: z.string().optional() }),
    in: {
      ping: z.unknown(),
      message: z.object({ content: z.string() }),
      crash: z.unknown(),
      shout: z.instanceof(Buffer),
      whoami: z.unknown(),
    },
    out: {},
  },
  join(ctx, payload): JoinResult<{ user: string }> {
    if (payload.crash) throw new Error("join blew up");
    if (payload.deny) return refused("unauthorized");
    return joined({ messages: [] }, { user: payload.user ?? ctx.user?.userId ?? "anon" });
  },
  afterJoin(ctx) {
    ctx.track(ctx.state.user, { online_at: 1700000000 });
    ctx.pushPresenceState();
  },
  handleIn: {
    ping: () => ok({ pong: true }),
    message: (ctx, { content }) => ctx.broadcast("new_message", { content }),
    crash: () => {
      throw new Error("handler blew up");
    },
    shout: (ctx, bytes) => ctx.broadcast("shouted", bytes),
    whoami: (ctx) => ok({ user_id: ctx.user?.userId ?? null }),
  },
});
