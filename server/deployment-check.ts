import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { runMode, type Env } from "./run-mode";

const MIN_SECRET_BYTES = 32;
/** Not the repository's own text: dependencies, builds, data, test output. */
const NOT_SOURCE = new Set(["node_modules", ".next", ".git", "data", "test-results", "playwright-report"]);
const MAX_SCANNED_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Why this environment cannot run a deployment, one line per variable (empty when it can):
 * secrets set, long enough and not copied from the repository; public URLs set so share links,
 * tracking links and sign-in redirects do not point at localhost; no demo placeholder tokens.
 */
export function deploymentProblems(env: Env, repositoryRoot: string): string[] {
  const problems: string[] = [];
  for (const name of ["JWT_SECRET", "AUTH_SECRET"] as const) {
    const value = env[name];
    if (!value) problems.push(`${name} is not set: a deployment needs its own secret (at least ${MIN_SECRET_BYTES} bytes, e.g. \`openssl rand -base64 48\`).`);
    else if (Buffer.byteLength(value) < MIN_SECRET_BYTES) problems.push(`${name} is shorter than ${MIN_SECRET_BYTES} bytes.`);
    else if (writtenInRepository(value, repositoryRoot)) problems.push(`${name} is a value written in the repository: anyone who has read it could sign tokens.`);
  }
  for (const name of ["PUBLIC_URL", "AUTH_URL"] as const) {
    if (!env[name]) problems.push(`${name} is not set: share links, tracking links and sign-in redirects would point at localhost.`);
  }
  if (env.DEMO_TOKENS === "on") problems.push("DEMO_TOKENS=on: the placeholder tokens sign anyone in as user123; they exist in the demo only.");
  return problems;
}

/** Whether `value` appears in any source or documentation file of the checkout. */
function writtenInRepository(value: string, dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCE.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (writtenInRepository(value, full)) return true;
    } else if (entry.isFile() && statSync(full).size <= MAX_SCANNED_FILE_BYTES && readFileSync(full, "utf8").includes(value)) {
      return true;
    }
  }
  return false;
}

const REPOSITORY_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** Throws, naming each variable at fault, when a deployment (NODE_ENV=production) is not safe to start. */
export function assertDeployable(env: Env = process.env): void {
  if (runMode(env) !== "deployment") return;
  const problems = deploymentProblems(env, REPOSITORY_ROOT);
  if (problems.length > 0) {
    throw new Error(`Refusing to start a deployment (NODE_ENV=production):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}
