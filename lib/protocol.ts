// Phoenix Channels wire names, shared by the server and the browser.
// The only place these strings are spelled out.

export const PHX_JOIN = "phx_join";
export const PHX_LEAVE = "phx_leave";
export const PHX_REPLY = "phx_reply";
export const PHX_ERROR = "phx_error";
export const PHX_CLOSE = "phx_close";
export const HEARTBEAT = "heartbeat";
export const ACCESS_TOKEN = "access_token";
export const PRESENCE_STATE = "presence_state";
export const PRESENCE_DIFF = "presence_diff";
/** Pushed on a channel the server closes because its token expired and was not refreshed in time. */
export const TOKEN_EXPIRED_EVENT = "token_expired";

/** The reserved topic of socket-level messages (heartbeats). */
export const PHOENIX_TOPIC = "phoenix";

export const VSN_1 = "1.0.0";
export const VSN_2 = "2.0.0";

/** Close codes: 1001 makes phoenix.js reconnect, 1012 tells it the server restarts. */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_INTERNAL_ERROR = 1011;
export const CLOSE_SERVICE_RESTART = 1012;
/** A user disabled, or a limit broken (inbox full); phoenix.js reconnects. */
export const CLOSE_POLICY_VIOLATION = 1008;

/** Error reasons in `{"reason": ...}` replies that clients may branch on. */
export const REASON = {
  unmatchedTopic: "unmatched topic",
  tooManyChannels: "too many channels joined",
  joinCrashed: "join crashed",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  invalidPayload: "invalid_payload",
  unknownEvent: "unknown_event",
  rateLimited: "rate_limited",
  staleJoinRef: "stale join_ref",
  tokenExpired: "token_expired",
  notFound: "not_found",
  invalidTransition: "invalid_transition",
  internalError: "internal_error",
  /** A chat `client_id` the sender already used for a different message. */
  clientIdReused: "client_id_reused",
} as const;

export type ReplyStatus = "ok" | "error";

