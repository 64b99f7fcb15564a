// Our server with a `bench:*` channel shaped like the Phoenix reference app's BenchChannel: the protocol's cost alone.
import { z } from "zod";
import { createRealtimeServer } from "../../server/app";
import { defineChannel, joined, ok, type JoinResult } from "../../server/channel/channel";
import { RedisConnections } from "../../server/cluster/redis-connections";
import { loadConfig } from "../../server/config";
import { log } from "../../server/log";
import { RedisRelay } from "../../server/pubsub/redis-relay";
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
// With REDIS_URL: one node of a cluster, broadcasts relayed to the others as in the product.
const redis = config.REDIS_URL ? new RedisConnections(config.REDIS_URL, config.REDIS_PREFIX, config.NODE_ID, log) : null;
await redis?.connect();
const server = createRealtimeServer({
  config,
  pubsubAdapter: redis && new RedisRelay(redis, config.NODE_ID),
  application: () => ({ channels: [benchChannel], isAdmin: async () => false }),
});
ready(await server.listen(0, "127.0.0.1"));
