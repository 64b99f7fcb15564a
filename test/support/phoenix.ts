import { LongPoll, Socket, type Channel } from "phoenix";
import WebSocket from "ws";

/** The official phoenix client in Node: `ws` stands in for the browser's WebSocket. */
export function phoenixSocket(url: string, options: { token?: string; authToken?: string; longPoll?: boolean } = {}): Socket {
  const socket = new Socket(url, {
    transport: (options.longPoll ? LongPoll : WebSocket) as unknown as typeof globalThis.WebSocket,
    params: options.token ? { token: options.token } : {},
    authToken: options.authToken,
    heartbeatIntervalMs: 500,
    reconnectAfterMs: () => 50,
    rejoinAfterMs: () => 50,
  } as ConstructorParameters<typeof Socket>[1]);
  socket.connect();
  return socket;
}

export function join(channel: Channel, timeoutMs = 3000): Promise<{ status: "ok" | "error" | "timeout"; response: any }> {
  return new Promise((resolve) => {
    channel
      .join(timeoutMs)
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: null }));
  });
}

export function push(channel: Channel, event: string, payload: object | ArrayBuffer = {}, timeoutMs = 3000): Promise<{ status: string; response: any }> {
  return new Promise((resolve) => {
    channel
      .push(event, payload, timeoutMs)
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: null }));
  });
}

/** The next `event` on the channel (the next one `matches` accepts, when given). */
export function nextEvent<T = any>(channel: Channel, event: string, timeoutMs = 3000, matches: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.off(event, ref);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const ref = channel.on(event, (payload) => {
      if (!matches(payload as T)) return;
      clearTimeout(timer);
      channel.off(event, ref);
      resolve(payload as T);
    });
  });
}

export async function waitFor(check: () => boolean, timeoutMs = 3000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
