"use client";

import { createContext, startTransition, useContext, useEffect, useState } from "react";
import { Socket, type Channel } from "phoenix";
import { z } from "zod";
import { ACCESS_TOKEN } from "@/lib/protocol";
import { useSessionStore } from "@/lib/client/session-store";

const socketTokenSchema = z.object({
  token: z.string(),
  expires_in: z.number(),
  user: z.object({ id: z.string(), username: z.string(), display_name: z.string(), role: z.string() }),
});

/** Refresh this long before the socket JWT expires, so channels never run on an expired token. */
const REFRESH_MARGIN_SECONDS = 300;
const RETRY_TOKEN_MS = 5_000;
const RECONNECT_STEPS_MS = [250, 1_000, 2_000, 4_000];

declare global {
  interface Window {
    /** The protocol document's "Testing Commands in Browser Console" use a global `Socket`. */
    Socket?: typeof Socket;
    /** The page's one socket, for debugging and tests. */
    __rmSocket?: Socket;
  }
}

const SocketContext = createContext<Socket | null>(null);

/** The tab's one phoenix socket (null until signed in and connected). */
export function useSocket(): Socket | null {
  return useContext(SocketContext);
}

/**
 * Owns the tab's single socket: fetches the socket JWT for the signed-in user, refreshes it
 * before expiry (pushing `access_token` to every joined channel), and mirrors the connection
 * state into the session store for the "Reconnecting…" banner.
 */
export function RealtimeProvider({ userId, children }: { userId: string | null; children: React.ReactNode }) {
  const [socket, setSocket] = useState<Socket | null>(null);

  useEffect(() => {
    const session = useSessionStore.getState();
    if (!userId) {
      // Signed out: nothing of the last session stays in this browser.
      session.clear();
      localStorage.removeItem("jwt_token");
      return anonymousSocket(setSocket);
    }
    let token = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let started = false;
    const s = new Socket("/socket", {
      // A closure: every reconnect sends the freshest token.
      params: () => ({ token }),
      reconnectAfterMs: (tries: number) => RECONNECT_STEPS_MS[tries - 1] ?? 5_000,
      rejoinAfterMs: (tries: number) => RECONNECT_STEPS_MS[tries - 1] ?? 5_000,
      // A silently dead connection is noticed within two intervals.
      heartbeatIntervalMs: 15_000,
    });
    window.Socket = Socket;
    window.__rmSocket = s;
    s.onOpen(() => session.setStatus("open"));
    const markDown = () => {
      if (!stopped) useSessionStore.getState().setStatus("reconnecting");
    };
    s.onError(markDown);
    s.onClose(markDown);

    const unfollowNetwork = followNetwork(s, () => started);

    async function refreshToken() {
      clearTimeout(timer);
      try {
        const res = await fetch("/api/socket-token", { cache: "no-store" });
        if (res.status === 401) {
          // The session ended elsewhere (signed out in another tab, cookie expired).
          window.location.assign("/login");
          return;
        }
        const body = socketTokenSchema.parse(await res.json());
        if (stopped) return;
        token = body.token;
        localStorage.setItem("jwt_token", token);
        useSessionStore.getState().setCredentials(token, body.user);
        // `channels` is public in phoenix.js but missing from its type definitions.
        for (const channel of (s as unknown as { channels: Channel[] }).channels) {
          if (channel.state === "joined") channel.push(ACCESS_TOKEN, { token });
        }
        if (!started) {
          started = true;
          session.setStatus("connecting");
          s.connect();
          // Channels join only once a token exists, so their first join carries it.
          setSocket(s);
        }
        timer = setTimeout(refreshToken, Math.max(30, body.expires_in - REFRESH_MARGIN_SECONDS) * 1000);
      } catch {
        if (!stopped) timer = setTimeout(refreshToken, RETRY_TOKEN_MS);
      }
    }

    void refreshToken();
    // Several reads refused at once share one renewal.
    let renewing: Promise<void> | null = null;
    session.setRenewToken(() => (renewing ??= refreshToken().finally(() => (renewing = null))));
    return () => {
      stopped = true;
      session.setRenewToken(async () => {});
      clearTimeout(timer);
      unfollowNetwork();
      s.disconnect();
      setSocket(null);
      if (window.__rmSocket === s) delete window.__rmSocket;
    };
  }, [userId]);

  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

/**
 * Pages for people without an account (the tracking link, a shared product): an anonymous socket.
 * Unlike a signed-out RealtimeProvider it leaves the browser's session alone, since a signed-in
 * shopper may open a tracking link too, and it touches no storage, which costs a phone's first
 * load a blocking read.
 */
export function PublicRealtimeProvider({ children }: { children: React.ReactNode }) {
  const [socket, setSocket] = useState<Socket | null>(null);
  useEffect(() => anonymousSocket(setSocket), []);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

/**
 * Signed out: a token-less socket for public topics (the tracking link). It connects only when
 * a channel first joins (useChannel), so pages without live data open no socket.
 */
function anonymousSocket(setSocket: (s: Socket | null) => void): () => void {
  const s = new Socket("/socket", { reconnectAfterMs: (tries: number) => RECONNECT_STEPS_MS[tries - 1] ?? 5_000 });
  const store = useSessionStore.getState();
  let stopped = false;
  s.onOpen(() => store.setStatus("open"));
  const markDown = () => {
    if (!stopped) store.setStatus("reconnecting");
  };
  s.onError(markDown);
  s.onClose(markDown);
  // Connected lazily: only a socket that has been opened has a connection to renew.
  let opened = false;
  s.onOpen(() => {
    opened = true;
  });
  const unfollowNetwork = followNetwork(s, () => opened);
  // Every live view re-renders with the socket: not urgent, so React may split that render.
  startTransition(() => setSocket(s));
  return () => {
    stopped = true;
    unfollowNetwork();
    s.disconnect();
    setSocket(null);
  };
}

/**
 * The browser knows about a lost network long before a heartbeat times out: say so at once and
 * drop the dead connection; phoenix then retries with backoff and rejoins every channel.
 */
function followNetwork(s: Socket, inUse: () => boolean): () => void {
  const onOffline = () => {
    useSessionStore.getState().setStatus("reconnecting");
    if (inUse()) s.disconnect(() => s.connect());
  };
  const onOnline = () => {
    if (inUse() && !s.isConnected()) s.disconnect(() => s.connect());
  };
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  return () => {
    window.removeEventListener("offline", onOffline);
    window.removeEventListener("online", onOnline);
  };
}
