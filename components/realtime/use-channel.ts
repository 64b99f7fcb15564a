"use client";

import { startTransition, useEffect, useRef, useState } from "react";
import type { Channel } from "phoenix";
import type { z } from "zod";
import { REASON, TOKEN_EXPIRED_EVENT } from "@/lib/protocol";
import { useSessionStore } from "@/lib/client/session-store";
import { useSocket } from "./realtime-provider";

export type JoinState = "idle" | "joining" | "joined" | "error";

export interface ChannelOptions {
  /** Read on every (re)join, so a rejoin can carry fresh state such as `last_seen_id`. */
  params?: () => object;
  /** Runs once on the new channel before it joins (e.g. to attach phoenix's Presence). */
  setup?: (channel: Channel) => void;
  /** Every successful join and rejoin. */
  onJoin?: (response: unknown, channel: Channel) => void;
  /** Event name → handler; payloads are unknown until a schema parses them (see `parsed`). */
  events?: Record<string, (payload: unknown) => void>;
}

/**
 * Joins `topic` on the shared socket while mounted (null: nothing). Phoenix rejoins by itself
 * after a reconnect; `onJoin` runs again then. Handlers may change between renders without a rejoin.
 * Every join carries the freshest socket token, so a token that expired while the tab slept is
 * replaced: a refused join (`token_expired`) or a closed channel (the `token_expired` event)
 * fetches a new token and joins again by itself.
 *
 * What the server sends renders as a transition: React may then split the render into short
 * slices, so a burst of frames (a join reply, a trail of positions) never blocks input on a phone.
 */
export function useChannel(topic: string | null, options: ChannelOptions) {
  const socket = useSocket();
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const [channel, setChannel] = useState<Channel | null>(null);
  const [state, setState] = useState<JoinState>("idle");
  const [error, setError] = useState<string | null>(null);
  const renew = useSessionStore((s) => s.renewToken);
  const renewToken = useRef(renew);
  renewToken.current = renew;
  /** Bumped to join again on a new channel once the server closed the old one. */
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!socket || !topic) return;
    // No-op when already connected; starts the lazily created anonymous socket.
    socket.connect();
    const ch = socket.channel(topic, () => {
      const token = useSessionStore.getState().token;
      return { ...(optionsRef.current.params?.() ?? {}), ...(token ? { token } : {}) };
    });
    let ended = false;
    // The server closed this channel: its token ran out unrefreshed. phoenix.js will not rejoin it.
    ch.on(TOKEN_EXPIRED_EVENT, () => {
      setState("joining");
      void renewToken.current().then(() => {
        if (!ended) setGeneration((g) => g + 1);
      });
    });
    for (const event of Object.keys(optionsRef.current.events ?? {})) {
      ch.on(event, (payload: unknown) => startTransition(() => optionsRef.current.events?.[event]?.(payload)));
    }
    optionsRef.current.setup?.(ch);
    ch.onError(() => setState((s) => (s === "joined" ? "joining" : s)));
    setState("joining");
    setError(null);
    ch.join()
      .receive("ok", (response: unknown) =>
        startTransition(() => {
          setState("joined");
          setError(null);
          optionsRef.current.onJoin?.(response, ch);
        }),
      )
      .receive("error", (response: { reason?: string } | undefined) => {
        // phoenix.js retries the join, which will carry the renewed token.
        if (response?.reason === REASON.tokenExpired) {
          void renewToken.current();
          return;
        }
        setState("error");
        setError(response?.reason ?? "join_failed");
      })
      .receive("timeout", () => setState("joining"));
    setChannel(ch);
    return () => {
      ended = true;
      ch.leave();
      setChannel(null);
      setState("idle");
    };
  }, [socket, topic, generation]);

  return { channel, state, error };
}

/** Wraps a handler so it only ever sees payloads its schema accepts (the rest are logged). */
export function parsed<S extends z.ZodType, A extends unknown[]>(
  schema: S,
  handler: (payload: z.output<S>, ...rest: A) => void,
) {
  return (payload: unknown, ...rest: A) => {
    const result = schema.safeParse(payload);
    if (result.success) handler(result.data, ...rest);
    else console.warn("unexpected payload", result.error.issues);
  };
}

/** A push as a promise: resolves with the parsed "ok" reply, rejects with the error reason or "timeout". */
export function pushAsync<S extends z.ZodType>(
  channel: Channel,
  event: string,
  payload: object,
  schema?: S,
): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    channel
      .push(event, payload)
      .receive("ok", (reply: unknown) => {
        if (!schema) return resolve(reply as z.output<S>);
        const result = schema.safeParse(reply);
        if (result.success) resolve(result.data);
        else reject(new Error("invalid_reply"));
      })
      .receive("error", (reply: { reason?: string } | undefined) => reject(new Error(reply?.reason ?? "error")))
      .receive("timeout", () => reject(new Error("timeout")));
  });
}
