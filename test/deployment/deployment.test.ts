import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadConfig } from "@/server/config";
import { deploymentProblems } from "@/server/deployment-check";
import { DEMO_AUTH_SECRET, DEMO_JWT_SECRET } from "@/server/run-mode";
import { TokenVerifier } from "@/server/socket/auth";
import { startApp, type StartedApp } from "@/server/start-app";
import { createUser } from "@/server/store/repositories/users.repository";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const secret = () => randomBytes(36).toString("base64url");

/** Runs a script of the repository as a user would, with only the given environment. */
function run(script: string, args: string[], env: Record<string, string>, stdin = ""): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.stdin.end(stdin);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** The HTTP status of a websocket upgrade. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => (ws.close(), resolve(101)));
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("error", reject);
  });
}

describe("a deployment (NODE_ENV=production) refuses to start unsafely", () => {
  it("`npm start` without secrets exits at once, naming every variable at fault", async () => {
    const { code, output } = await run("scripts/start.ts", [], { NODE_ENV: "production" });
    expect(code).toBe(1);
    for (const name of ["JWT_SECRET", "AUTH_SECRET", "PUBLIC_URL", "AUTH_URL"]) expect(output).toContain(`${name} is not set`);
    expect(output).not.toContain("building the web app");
  });

  it("refuses short secrets, the repository's demo secrets and the placeholder tokens", async () => {
    const env = { NODE_ENV: "production", PUBLIC_URL: "https://market.example", AUTH_URL: "https://market.example" };
    const { code, output } = await run("scripts/start.ts", [], { ...env, JWT_SECRET: "short-but-16-chars", AUTH_SECRET: DEMO_AUTH_SECRET, DEMO_TOKENS: "on" });
    expect(code).toBe(1);
    expect(output).toContain("JWT_SECRET is shorter than 32 bytes");
    expect(output).toContain("AUTH_SECRET is a value written in the repository");
    expect(output).toContain("DEMO_TOKENS=on");
    expect(deploymentProblems({ ...env, JWT_SECRET: DEMO_JWT_SECRET, AUTH_SECRET: secret() }, ROOT)).toEqual([
      "JWT_SECRET is a value written in the repository: anyone who has read it could sign tokens.",
    ]);
    expect(deploymentProblems({ ...env, JWT_SECRET: secret(), AUTH_SECRET: secret() }, ROOT)).toEqual([]);
  });
});

describe("a deployment with its secrets", () => {
  const jwtSecret = secret();
  let app: StartedApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "safety-deploy-"));
    const env = { NODE_ENV: "production", JWT_SECRET: jwtSecret, AUTH_SECRET: secret(), PUBLIC_URL: "https://market.example", AUTH_URL: "https://market.example" };
    app = await startApp(loadConfig(env, { PORT: 0, HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "deploy.db")}`, MEDIA_DIR: path.join(dir, "media") }));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const base = () => `127.0.0.1:${app.port}`;

  it("seeds nothing by itself", async () => {
    expect(await app.context.db.selectFrom("users").select("id").execute()).toEqual([]);
  });

  it("refuses the placeholder tokens: 403 at connect, 401 on the API; a real token works", async () => {
    await createUser(app.context.db, { id: "usr_ops", username: "ops", displayName: "Ops", password: "a long enough password" });
    for (const placeholder of ["test_token", "your_jwt_token", "test"]) {
      expect(await upgradeStatus(`ws://${base()}/socket/websocket?token=${placeholder}`)).toBe(403);
      const res = await fetch(`http://${base()}/api/v1/me`, { headers: { authorization: `Bearer ${placeholder}` } });
      expect(res.status).toBe(401);
    }
    const token = await new TokenVerifier(jwtSecret).sign("usr_ops");
    expect(await upgradeStatus(`ws://${base()}/socket/websocket?token=${token}`)).toBe(101);
    const me = await fetch(`http://${base()}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.username).toBe("ops");
  });
});

describe("npm run admin", () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "safety-admin-"));
    env = { DATABASE_URL: `file:${path.join(dir, "admin.db")}` };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the first admin, sets roles, disables and enables a user; bad input changes nothing", async () => {
    expect((await run("scripts/admin.ts", ["create-admin", "root", "--name", "Root Admin"], env, "too short\n")).code).toBe(2);
    const created = await run("scripts/admin.ts", ["create-admin", "root", "--name", "Root Admin"], env, "correct horse battery staple\n");
    expect(created).toMatchObject({ code: 0, output: expect.stringContaining("created admin root") });

    expect((await run("scripts/admin.ts", ["set-role", "root", "emperor"], env)).code).toBe(2);
    expect(await run("scripts/admin.ts", ["set-role", "root", "courier"], env)).toMatchObject({ code: 0, output: expect.stringContaining("root is now courier") });
    expect(await run("scripts/admin.ts", ["disable", "root"], env)).toMatchObject({ code: 0, output: expect.stringContaining("root is disabled") });

    const { createDatabase } = await import("@/server/store/db");
    const { authenticateUser, findUserByUsername } = await import("@/server/store/repositories/users.repository");
    const store = createDatabase(env.DATABASE_URL);
    try {
      expect(await findUserByUsername(store.db, "root")).toMatchObject({ display_name: "Root Admin", role: "courier", disabled_at: expect.any(String) });
      expect(await authenticateUser(store.db, "root", "correct horse battery staple")).toBeNull();
      expect((await run("scripts/admin.ts", ["enable", "root"], env)).code).toBe(0);
      expect(await authenticateUser(store.db, "root", "correct horse battery staple")).toMatchObject({ username: "root" });
    } finally {
      await store.close();
    }
    // Each run is a fresh tsx process: seconds apiece on a loaded machine.
  }, 180_000);
});
