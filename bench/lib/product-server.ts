// The product server as the bench and the soak run it: production mode, its own secrets, a prepared database.
import { randomBytes } from "node:crypto";
import { TokenVerifier } from "../../server/socket/auth";
import type { SocketSpec } from "../client/worker";
import { benchUser, type BenchDatabase } from "./product-db";
import type { ServerProcess } from "./procs";

/** A load generator from eight loopback addresses would pass any per-address limit a real office hits: off. */
export const NO_ADDRESS_LIMITS = { MAX_CONNECTIONS_PER_IP: "0", MAX_CONNECTIONS_PER_IP_PER_MINUTE: "0" };

/** Limits for hostile clients would refuse a load generator: all off for the run. */
export const OPEN_LIMITS = {
  ...NO_ADDRESS_LIMITS,
  SOCKET_EVENTS_PER_10S: "1000000",
  SOCKET_JOINS_PER_MINUTE: "1000",
  HEARTBEAT_TIMEOUT_MS: "600000",
};

const SECRET = randomBytes(48).toString("base64");
export const verifier = new TokenVerifier(SECRET);

export function productEnv(db: BenchDatabase, limits: Record<string, string> = OPEN_LIMITS): Record<string, string> {
  return {
    ...limits,
    NODE_ENV: "production",
    JWT_SECRET: SECRET,
    AUTH_SECRET: randomBytes(48).toString("base64"),
    AUTH_URL: "http://127.0.0.1",
    PUBLIC_URL: "http://127.0.0.1",
    DATABASE_URL: db.url,
    REDIS_URL: "",
  };
}

export const userToken = (user: string) => verifier.sign(user, 6 * 3600);

export async function shopper(i: number, topics: (user: string) => string[]): Promise<SocketSpec> {
  const user = benchUser(i);
  return { query: `&token=${await userToken(user)}`, joins: topics(user).map((t) => [t, {}]) };
}

export const wsUrl = (s: ServerProcess) => `ws://127.0.0.1:${s.port}/socket/websocket`;
