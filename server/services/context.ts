import type { Kysely } from "kysely";
import type { Config } from "../config";
import type { Logger } from "../log";
import type { Metrics } from "../monitor/metrics";
import type { Limits } from "../limits/limits";
import type { Presence } from "../presence/presence";
import type { Database } from "../store/database";
import type { GroupCommit } from "../store/group-commit";
import type { TokenVerifier } from "../socket/auth";
import type { AfterCommit } from "./after-commit";
import type { Notifier } from "./notifier";

/** What channels and HTTP handlers share: storage, broadcasting, presence, notifications. */
export interface AppContext {
  db: Kysely<Database>;
  /** Writes that are many and small (chat messages, courier positions, feed snapshots) share transactions through it. */
  writes: GroupCommit;
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Rate limits shared by every node (per delivery...). */
  limits: Limits;
  /** To every subscriber of a topic on every node. */
  broadcast(topic: string, event: string, payload: unknown): void;
  presence: Presence;
  notifier: Notifier;
  /** Runs (and tracks, for the drain) what follows a committed write. */
  afterCommit: AfterCommit;
  /** Checks socket JWTs, which the JSON API takes as bearer tokens too. */
  verifier: TokenVerifier;
}
