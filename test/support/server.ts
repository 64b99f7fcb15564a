import { createRealtimeServer, type RealtimeServer } from "@/server/app";
import type { ChannelModule } from "@/server/channel/channel";
import { loadConfig, type Config } from "@/server/config";
import type { PubSubAdapter } from "@/server/pubsub/adapter";
import { TokenVerifier } from "@/server/socket/auth";
import { roomChannel } from "./room-channel";

export interface TestServer {
  server: RealtimeServer;
  port: number;
  wsUrl: string;
  httpUrl: string;
  token(userId: string, ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

export const TEST_SECRET = "test-secret-at-least-16-chars";

/** The real socket server (no Next app) on a free port, with the given channels. */
export async function startTestServer(
  options: { channels?: readonly ChannelModule<any, any>[]; config?: Partial<Config>; admins?: string[]; pubsubAdapter?: PubSubAdapter } = {},
): Promise<TestServer> {
  const config = loadConfig({ ...process.env, NODE_ENV: "test", JWT_SECRET: TEST_SECRET }, options.config);
  const admins = new Set(options.admins ?? ["admin"]);
  const server = createRealtimeServer({
    config,
    application: () => ({ channels: options.channels ?? [roomChannel], isAdmin: async (userId) => admins.has(userId) }),
    demoTokens: true,
    pubsubAdapter: options.pubsubAdapter,
  });
  const port = await server.listen(0, "127.0.0.1");
  const verifier = new TokenVerifier(TEST_SECRET);
  return {
    server,
    port,
    wsUrl: `ws://127.0.0.1:${port}/socket`,
    httpUrl: `http://127.0.0.1:${port}`,
    token: (userId, ttl) => verifier.sign(userId, ttl),
    close: () => server.close(),
  };
}
