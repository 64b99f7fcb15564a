import type { Channel, Socket } from "phoenix";
import { afterEach } from "vitest";
import type { TestApp } from "./app";
import { join, phoenixSocket, waitFor } from "./phoenix";

/** Every `event` the channel receives during `ms`, to assert that something did not arrive. */
export function collectEvents<T = any>(channel: Channel, event: string, ms = 300): Promise<T[]> {
  const seen: T[] = [];
  const ref = channel.on(event, (payload) => {
    seen.push(payload as T);
  });
  return new Promise((resolve) =>
    setTimeout(() => {
      channel.off(event, ref);
      resolve(seen);
    }, ms),
  );
}

/** Phoenix sockets signed in as demo users, all closed at once between tests. */
export class SocketPool {
  private readonly sockets: Socket[] = [];

  constructor(private readonly app: () => TestApp) {}

  /** A connected socket for `userId` (anonymous when null), or with an explicit `token`. */
  async connect(userId: string | null, token?: string): Promise<Socket> {
    const socketToken = token ?? (userId ? await this.app().token(userId) : undefined);
    const socket = phoenixSocket(this.app().wsUrl, socketToken ? { token: socketToken } : {});
    this.sockets.push(socket);
    return socket;
  }

  /** `userId`'s socket joined to `topic`; throws when the join is refused. */
  async joinAs(userId: string, topic: string, params: object = {}): Promise<{ socket: Socket; channel: Channel }> {
    const socket = await this.connect(userId);
    const channel = socket.channel(topic, params);
    const { status, response } = await join(channel);
    if (status !== "ok") throw new Error(`${userId} could not join ${topic}: ${JSON.stringify(response)}`);
    return { socket, channel };
  }

  disconnectAll(): void {
    for (const socket of this.sockets.splice(0)) socket.disconnect();
  }
}

/** This file's socket pool: after each test every socket is closed and every join has ended on the server. */
export function useSocketPool(t: TestApp): SocketPool {
  const pool = new SocketPool(() => t);
  afterEach(async () => {
    pool.disconnectAll();
    await waitFor(() => Object.keys(t.app.server.endpoint.channelCounts()).length === 0, 3000, "every join to end");
  });
  return pool;
}
