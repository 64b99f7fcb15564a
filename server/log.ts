import { pino, type LoggerOptions } from "pino";
import { redactSecrets } from "./monitor/redact";

/** Fields that may carry a tracking token or a JWT (topics, request URLs): masked in every line. */
const MAY_HOLD_SECRETS = ["topic", "url", "*.topic", "*.url"];

export const LOG_OPTIONS: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
  redact: { paths: MAY_HOLD_SECRETS, censor: (value) => (typeof value === "string" ? redactSecrets(value) : value) },
};

export const log = pino(LOG_OPTIONS);
export type Logger = typeof log;
