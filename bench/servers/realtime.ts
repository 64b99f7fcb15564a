// Our server with a `bench:*` channel shaped like the Phoenix reference app's BenchChannel: the protocol's cost alone.
import { z } from "zod";
import { createRealtimeServer } from "../../server/app";
import { defineChannel, joined, ok, type JoinResult } from "../../server/channel/channel";
import { loadConfig } from "../../server/config";
import { ready } from "./ipc";

const benchChannel = defineChannel({
  name: "bench",
  patterns: ["bench:*"],
  events: { join: z.object({}).passthrough(), in: { fanout: z.unknown() }, out: {} },
  join: (): JoinResult<null> => joined({}, null),
  handleIn: {
    fanout: (ctx, payload) => {
      ctx.broadcast("tick", payload);
      return ok();
    },
  },
});

const config = loadConfig({ ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent" });
const server = createRealtimeServer({
  config,
  application: () => ({ channels: [benchChannel], isAdmin: async () => false }),
});
ready(await server.listen(0, "127.0.0.1"));
