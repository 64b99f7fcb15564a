import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "@/server/config";
import { TokenVerifier } from "@/server/socket/auth";
import { startApp, type StartedApp } from "@/server/start-app";
import { setUserDisabled } from "@/server/store/repositories/users.repository";
import { RawClient } from "../support/raw-client";
import { TEST_SECRET } from "../support/server";

// Its own server: a short grace and recheck so expiry and disabling show within a test.
const GRACE_MS = 2500;
const RECHECK_MS = 500;
let app: StartedApp;
let dir: string;
const verifier = new TokenVerifier(TEST_SECRET);
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "safety-tokens-"));
  const config = loadConfig(
    { ...process.env, NODE_ENV: "test", JWT_SECRET: TEST_SECRET },
    { PORT: 0, HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "t.db")}`, MEDIA_DIR: path.join(dir, "media"), TOKEN_EXPIRY_GRACE_MS: GRACE_MS, USER_RECHECK_MS: RECHECK_MS },
  );
  app = await startApp(config);
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const connect = async (token?: string) => RawClient.connect(`ws://127.0.0.1:${app.port}/socket/websocket?vsn=2.0.0${token ? `&token=${token}` : ""}`);
let ref = 0;
/** Sends a frame and resolves with its reply's status and response. */
async function send(c: RawClient, joinRef: string, topic: string, event: string, payload: object): Promise<{ status: string; response: any }> {
  const r = String(++ref);
  c.send([joinRef, r, topic, event, payload]);
  const reply = await c.next((f) => Array.isArray(f) && f[1] === r && f[3] === "phx_reply", 5000);
  return reply[4];
}
const join = (c: RawClient, topic: string, payload: object = {}) => send(c, String(++ref), topic, "phx_join", payload);
/**
 * A token that expires soon. `exp` is in whole seconds (now rounded down, plus the lifetime), so a
 * lifetime of 3 gives 2 to 3 s: time to connect and join on a busy machine, unlike 1 (0 to 1 s).
 */
async function shortToken(userId: string): Promise<{ token: string; expiresAtMs: number }> {
  const token = await verifier.sign(userId, 3);
  const identity = await verifier.verify(token);
  return { token, expiresAtMs: identity!.expiresAt * 1000 };
}
const untilExpired = async ({ expiresAtMs }: { expiresAtMs: number }) =>
  new Promise<void>((r) => setTimeout(r, Math.max(0, expiresAtMs - Date.now()) + 200));

describe("token lifetime", () => {
  it("an expired connect token joins no private channel until access_token on a joined one renews the socket", async () => {
    const short = await shortToken("user123");
    const c = await connect(short.token);
    const joinRef = String(++ref);
    c.send([joinRef, joinRef, "chat:room_12345", "phx_join", {}]);
    expect((await c.next((f) => f[1] === joinRef && f[3] === "phx_reply"))[4].status).toBe("ok");
    await untilExpired(short);
    expect(await join(c, "notifications:user_user123")).toEqual({ status: "error", response: { reason: "token_expired" } });
    expect(await join(c, "chat:room_abc123")).toEqual({ status: "error", response: { reason: "token_expired" } });
    // The public tracking link never needed a token.
    expect((await join(c, "delivery:token_abc123track")).status).toBe("ok");

    expect(await send(c, joinRef, "chat:room_12345", "access_token", { token: await verifier.sign("user123", 3600) })).toEqual({ status: "ok", response: {} });
    expect((await join(c, "notifications:user_user123")).status).toBe("ok");
    c.close();
  });

  it("a join's own fresh token counts; it must name the socket's user", async () => {
    const short = await shortToken("user123");
    const c = await connect(short.token);
    await untilExpired(short);
    expect((await join(c, "chat:room_12345", { token: await verifier.sign("user123", 60) })).status).toBe("ok");
    expect(await join(c, "notifications:user_owner1", { token: await verifier.sign("owner1", 60) })).toEqual({ status: "error", response: { reason: "unauthorized" } });
    // The join's token renewed the socket: a join without one works again.
    expect((await join(c, "notifications:user_user123")).status).toBe("ok");
    c.close();
  });

  it("access_token never signs in an anonymous join nor switches to another user", async () => {
    const anonymous = await connect();
    const trackRef = String(++ref);
    anonymous.send([trackRef, trackRef, "delivery:token_abc123track", "phx_join", {}]);
    await anonymous.next((f) => f[1] === trackRef && f[3] === "phx_reply");
    expect(await send(anonymous, trackRef, "delivery:token_abc123track", "access_token", { token: await verifier.sign("user123") })).toEqual({ status: "error", response: { reason: "unauthorized" } });
    expect(await join(anonymous, "notifications:user_user123")).toEqual({ status: "error", response: { reason: "unauthorized" } });
    anonymous.close();

    const maya = await connect(await verifier.sign("user123"));
    const roomRef = String(++ref);
    maya.send([roomRef, roomRef, "chat:room_12345", "phx_join", {}]);
    await maya.next((f) => f[1] === roomRef && f[3] === "phx_reply");
    expect(await send(maya, roomRef, "chat:room_12345", "access_token", { token: await verifier.sign("owner1") })).toEqual({ status: "error", response: { reason: "unauthorized" } });
    expect(await join(maya, "notifications:user_owner1")).toEqual({ status: "error", response: { reason: "forbidden" } });
    maya.close();
  });

  it("a private channel whose token expires unrefreshed is told token_expired and closed", async () => {
    const short = await shortToken("user123");
    const c = await connect(short.token);
    const joinRef = String(++ref);
    c.send([joinRef, joinRef, "chat:room_12345", "phx_join", {}]);
    await c.next((f) => f[1] === joinRef && f[3] === "phx_reply");
    const expired = await c.next((f) => f[2] === "chat:room_12345" && f[3] === "token_expired", 3000 + GRACE_MS + 3000);
    expect(expired).toEqual([joinRef, null, "chat:room_12345", "token_expired", {}]);
    expect(await c.next((f) => f[2] === "chat:room_12345" && f[3] === "phx_close")).toEqual([joinRef, joinRef, "chat:room_12345", "phx_close", {}]);
    // The topic is no longer joined: a push there is unmatched.
    expect(await send(c, joinRef, "chat:room_12345", "message", { content: "still here?" })).toEqual({ status: "error", response: { reason: "unmatched topic" } });
    c.close();
  });
});

describe("disabled users", () => {
  it("lose their open sockets within the recheck, and are refused at connect, on the API and with join tokens", async () => {
    const token = await verifier.sign("user789");
    const c = await connect(token);
    expect((await join(c, "chat:room_abc123")).status).toBe("ok");
    await setUserDisabled(app.context.db, "user789", true);
    try {
      await c.next(() => false, RECHECK_MS + 3000).catch(() => undefined);
      expect(c.closeCode).toBe(1008);
      await expect(connect(token)).rejects.toThrow("HTTP 403");
      const res = await fetch(`http://127.0.0.1:${app.port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      const anonymous = await connect();
      expect(await join(anonymous, "chat:room_abc123", { token })).toEqual({ status: "error", response: { reason: "unauthorized" } });
      anonymous.close();
    } finally {
      await setUserDisabled(app.context.db, "user789", false);
    }
  });
});
