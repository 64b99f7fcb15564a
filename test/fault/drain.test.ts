// SIGTERM against the real server process (test/support/node-process.ts wires server/shutdown.ts
// as server/index.ts does): health fails at once, no new socket is taken, requests are served
// until DRAIN_HEALTH_GRACE_MS has passed and refused after it, every socket's pushes are answered
// and stored, sockets close with 1012 one after another after the grace, the process exits 0.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/server/store/db";
import { TokenVerifier } from "@/server/socket/auth";
import { countNotifications } from "@/server/store/repositories/notifications.repository";
import { startTestApp } from "../support/app";
import { startNodeProcess } from "../support/node-cluster";
import { RawClient, upgradeRefusal } from "../support/raw-client";
import { TEST_SECRET } from "../support/server";

const dir = mkdtempSync(path.join(tmpdir(), "rm-drain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const verifier = new TokenVerifier(TEST_SECRET);

function env(name: string, extra: Record<string, string>) {
  return { DATABASE_URL: `file:${path.join(dir, `${name}.db`)}`, JWT_SECRET: TEST_SECRET, ...extra };
}

/** A raw V2 socket of user123 joined to `topic`. */
async function joinedClient(port: number, topic: string): Promise<RawClient> {
  const client = await RawClient.connect(`ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0&token=${await verifier.sign("user123")}`);
  client.send(["1", "1", topic, "phx_join", {}]);
  expect((await client.next((f) => f[1] === "1" && f[3] === "phx_reply"))[4].status).toBe("ok");
  return client;
}

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/health`);
  return { status: res.status, body: await res.json() };
}

describe("SIGTERM", () => {
  it("drains: health 503 at once, new sockets refused, requests served during the grace and refused after it, every push answered and stored once, 1012 spread over the window, exit 0", async () => {
    const node = await startNodeProcess("drain", env("drain", { DRAIN_HEALTH_GRACE_MS: "800", DRAIN_SPREAD_MS: "1000", DRAIN_TIMEOUT_MS: "5000" }));
    const clients = await Promise.all(Array.from({ length: 10 }, () => joinedClient(node.port, "chat:room_drain")));
    const closedAt: number[] = [];
    for (const client of clients) client.ws.once("close", () => closedAt.push(Date.now()));
    expect(await health(node.url)).toEqual({ status: 200, body: { status: "ok" } });

    // Each client pushes a message, and the signal comes while they are being handled.
    clients.forEach((client, i) => client.send(["1", "m", "chat:room_drain", "message", { content: `before the signal ${i}`, client_id: `drain-${i}` }]));
    const signalledAt = Date.now();
    node.signal("SIGTERM");
    let answer = await health(node.url);
    while (answer.status === 200) answer = await health(node.url);
    expect(answer).toEqual({ status: 503, body: { status: "draining" } });
    // Health failed before the first socket was closed.
    expect(closedAt).toEqual([]);
    expect(await upgradeRefusal(`ws://127.0.0.1:${node.port}/socket/websocket?vsn=2.0.0`)).toEqual({ status: 503, body: JSON.stringify({ reason: "draining" }) });
    expect(await (await fetch(`${node.url}/socket/longpoll?vsn=2.0.0`)).json()).toEqual({ status: 500, reason: "draining" });
    // Requests the balancer still sends before it notices are served; once the grace is over they are refused.
    expect((await fetch(`${node.url}/api/v1/shops/shop_1`)).status).toBe(200);
    expect(closedAt).toEqual([]);
    await Promise.race(clients.map((client) => client.closed(6000)));
    expect((await fetch(`${node.url}/api/v1/shops/shop_1`)).status).toBe(503);

    for (const client of clients) {
      expect((await client.next((f) => f[1] === "m", 6000))[4].status).toBe("ok");
      expect(await client.closed(6000)).toBe(1012);
    }
    expect(await node.exited).toEqual({ code: 0, signal: null });
    // The balancer's grace (DRAIN_HEALTH_GRACE_MS) passed before the first close.
    expect(Math.min(...closedAt) - signalledAt).toBeGreaterThanOrEqual(800);
    // Spread: ten closes over a one-second window, not all in the same instant.
    expect(Math.max(...closedAt) - Math.min(...closedAt)).toBeGreaterThan(400);

    const store = createDatabase(env("drain", {}).DATABASE_URL);
    const rows = await store.db.selectFrom("chat_messages").select(["client_id"]).where("room_id", "=", "drain").execute();
    await store.close();
    expect(rows.map((r) => r.client_id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `drain-${i}`).sort());
  }, 30_000);

  it("a second SIGTERM exits at once, without waiting for the drain", async () => {
    const node = await startNodeProcess("drain-twice", env("drain-twice", { DRAIN_SPREAD_MS: "20000", DRAIN_TIMEOUT_MS: "30000" }));
    const client = await joinedClient(node.port, "chat:room_twice");
    node.signal("SIGTERM");
    let answer = await health(node.url);
    while (answer.status === 200) answer = await health(node.url);
    node.signal("SIGTERM");
    expect(await node.exited).toEqual({ code: 130, signal: null });
    // The socket was never told the service restarts: the process was gone first.
    expect(await client.closed()).toBe(1006);
  }, 30_000);
});

describe("the drain and after-commit work", () => {
  it("waits for work no handler awaits (announcing a notification) before closing the database, and cuts what outlasts the deadline", async () => {
    const t = await startTestApp({ DRAIN_TIMEOUT_MS: 1500 });
    const { afterCommit, db, metrics } = t.app.context;
    const finished: string[] = [];
    // As an announcement does: it outlives the handler that started it, then still reads the database.
    void afterCommit.run("slow_announce", async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await countNotifications(db, { type: "user", id: "user123" });
      finished.push("slow_announce");
    });
    void afterCommit.run("stuck", () => new Promise(() => {}));
    const startedAt = Date.now();
    // What SIGTERM runs (server/shutdown.ts → StartedApp.close).
    await t.close();
    const tookMs = Date.now() - startedAt;
    expect(finished).toEqual(["slow_announce"]);
    expect((await metrics.afterCommitFailures.get()).values).toEqual([]);
    // The stuck step held the drain until its deadline, not longer.
    expect(tookMs).toBeGreaterThanOrEqual(1400);
    expect(tookMs).toBeLessThan(5000);
  });
});
