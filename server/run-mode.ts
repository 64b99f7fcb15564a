// Demo versus deployment (docs/security.md). Imports nothing, so pages rendered by Next can read it.

export type RunMode = "demo" | "deployment";

/** An environment as the process gets it (tests pass their own). */
export type Env = Record<string, string | undefined>;

/**
 * `npm start` runs Next in production mode and so overwrites NODE_ENV; it first copies the caller's
 * value here, which is what decides whether this is a deployment.
 */
export const CALLER_NODE_ENV = "REALTIME_MARKET_CALLER_NODE_ENV";

/** A deployment is NODE_ENV=production in the environment of whoever starts the server; anything else is the demo. */
export function runMode(env: Env = process.env): RunMode {
  return (env[CALLER_NODE_ENV] ?? env.NODE_ENV) === "production" ? "deployment" : "demo";
}

/** The demo's secrets: written here, in the repository, so a deployment never accepts them. */
export const DEMO_JWT_SECRET = "dev-only-jwt-secret-change-me-please";
export const DEMO_AUTH_SECRET = "realtime-market-dev-only-auth-secret-change-me";
