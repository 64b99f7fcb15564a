// Two nodes behind HAProxy, run from the reference config (deploy/haproxy.cfg) with free ports:
// websocket and long-poll through the balancer, a shared MEDIA_DIR, access logs without secrets, and a
// node drained by SIGTERM (a rolling restart) while clients stay connected through the balancer.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Channel, Socket } from "phoenix";
import { TokenVerifier } from "@/server/socket/auth";
import { sessionOwner } from "@/server/transport/long-poll-sessions";
import { clusterDatabase, clusterTestsRun, freePort, startNodeProcess, TEST_REDIS_URL, type NodeProcess } from "../support/node-cluster";
import { join, nextEvent, phoenixSocket, push, waitFor } from "../support/phoenix";
import { RawClient } from "../support/raw-client";
import { TEST_SECRET } from "../support/server";

const HAPROXY = "/usr/sbin/haproxy";
const run = clusterTestsRun("the HAProxy tests");
const verifier = new TokenVerifier(TEST_SECRET);
const MONITOR_TOKEN = "haproxy-monitor-token";

/** The reference config with this test's ports. */
function balancerConfig(port: number, nodes: readonly NodeProcess[]): string {
  const reference = readFileSync(path.resolve("deploy/haproxy.cfg"), "utf8");
  const config = reference
    .replace(/^(\s*)bind :8080$/m, `$1bind 127.0.0.1:${port}`)
    .replace("127.0.0.1:4001", `127.0.0.1:${nodes[0].port}`)
    .replace("127.0.0.1:4002", `127.0.0.1:${nodes[1].port}`);
  expect(config).not.toContain(":4001");
  return config;
}

describe.skipIf(!run)("two nodes behind HAProxy", () => {
  const id = randomBytes(4).toString("hex");
  const dir = mkdtempSync(path.join(tmpdir(), "rm-haproxy-"));
  let database: Awaited<ReturnType<typeof clusterDatabase>>;
  let nodes: NodeProcess[] = [];
  let haproxy: ChildProcess | null = null;
  let logs = "";
  let balancer = "";
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await clusterDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL!,
      REDIS_PREFIX: `haproxy-test-${id}`,
      JWT_SECRET: TEST_SECRET,
      MEDIA_DIR: path.join(dir, "media"),
      LONGPOLL_WINDOW_MS: "2000",
      MONITOR_TOKEN,
      // Closes close together: only DRAIN_HEALTH_GRACE_MS keeps them after HAProxy's check. Well above
      // the ~1 s the check needs, so the drain test asserts the order, not the default's margin.
      DRAIN_SPREAD_MS: "200",
      DRAIN_HEALTH_GRACE_MS: "3000",
    };
    nodes.push(await startNodeProcess(`lb-a-${id}`, env));
    nodes.push(await startNodeProcess(`lb-b-${id}`, env));
    const port = await freePort();
    const configFile = path.join(dir, "haproxy.cfg");
    writeFileSync(configFile, balancerConfig(port, nodes));
    // -db: in the foreground, so this test owns the process and its log lines.
    haproxy = spawn(HAPROXY, ["-db", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
    haproxy.stdout!.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    haproxy.stderr!.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    balancer = `127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    while ((await fetch(`http://${balancer}/api/health`).catch(() => null))?.status !== 200) {
      if (Date.now() > deadline || haproxy.exitCode !== null) throw new Error(`HAProxy did not answer: ${logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((resolve) => haproxy!.once("exit", resolve));
      haproxy.kill("SIGTERM");
      const timer = setTimeout(() => haproxy?.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.all(nodes.map((n) => n.stop()));
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `node`'s own figures, as it answers /monitor/connections itself. */
  const ownFigures = async (node: NodeProcess) => {
    const body = await (await fetch(`${node.url}/monitor/connections`, { headers: { authorization: `Bearer ${MONITOR_TOKEN}` } })).json();
    return body.nodes.find((n: { node: string }) => n.node === node.nodeId) as { active_connections: number };
  };
  const connectionsOn = async (node: NodeProcess) => (await ownFigures(node)).active_connections;

  const socketAt = async (url: string, userId: string, longPoll = false) => {
    const socket = phoenixSocket(url, { token: await verifier.sign(userId), longPoll });
    sockets.push(socket);
    return socket;
  };

  it("carries the official client's websocket, and its messages reach clients on both nodes", async () => {
    const through = (await socketAt(`ws://${balancer}/socket`, "user123")).channel("chat:room_12345", {});
    expect((await join(through, 8000)).status).toBe("ok");
    const direct = [];
    for (const node of nodes) {
      const channel = (await socketAt(`ws://127.0.0.1:${node.port}/socket`, "owner1")).channel("chat:room_12345", {});
      expect((await join(channel, 8000)).status).toBe("ok");
      direct.push(channel);
    }
    const heard = direct.map((channel) => nextEvent(channel, "new_message", 5000));
    expect((await push(through, "message", { content: "through the balancer" }, 5000)).status).toBe("ok");
    for (const message of await Promise.all(heard)) expect(message.content).toBe("through the balancer");
  });

  it("carries long-poll: a long-poll client through the balancer talks with a websocket client on the other node", async () => {
    const poller = await socketAt(`http://${balancer}/socket`, "user123", true);
    const polling = poller.channel("chat:room_12345", {});
    expect((await join(polling, 8000)).status).toBe("ok");
    const owner = sessionOwner((poller as unknown as { conn: { token: string } }).conn.token);
    const other = nodes.find((n) => n.nodeId !== owner)!;
    expect(nodes.map((n) => n.nodeId)).toContain(owner);
    const talking = (await socketAt(`ws://127.0.0.1:${other.port}/socket`, "owner1")).channel("chat:room_12345", {});
    expect((await join(talking, 8000)).status).toBe("ok");

    for (let i = 0; i < 3; i++) {
      const toPoller = nextEvent(polling, "new_message", 8000);
      expect((await push(talking, "message", { content: `websocket ${i}` }, 8000)).status).toBe("ok");
      expect((await toPoller).content).toBe(`websocket ${i}`);
      const toTalker = nextEvent(talking, "new_message", 8000);
      expect((await push(polling, "message", { content: `long-poll ${i}` }, 8000)).status).toBe("ok");
      expect((await toTalker).content).toBe(`long-poll ${i}`);
    }
  }, 60_000);

  it("shares MEDIA_DIR: a file uploaded through node A is served by node B and through the balancer", async () => {
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(64, 7)]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 9)]);
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: "Shared lamp", description: "On every node.", price: "12.50", currency: "USD" })) form.set(k, v);
    form.set("video", new Blob([new Uint8Array(mp4)], { type: "video/mp4" }), "clip.mp4");
    form.set("poster", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "poster.jpg");
    const created = await fetch(`${nodes[0].url}/api/v1/shops/shop_1/products`, {
      method: "POST",
      headers: { authorization: `Bearer ${await verifier.sign("owner1")}` },
      body: form,
    });
    expect(created.status).toBe(201);
    const { product } = await created.json();
    for (const base of [nodes[1].url, `http://${balancer}`, `http://${balancer}`]) {
      const video = await fetch(`${base}${product.video_url}`);
      expect(video.status).toBe(200);
      expect(Buffer.from(await video.arrayBuffer())).toEqual(mp4);
    }
  });

  it("logs requests without their query strings or tracking paths", async () => {
    const token = await verifier.sign("user123");
    await fetch(`http://${balancer}/socket/longpoll?vsn=2.0.0&token=${token}`);
    await fetch(`http://${balancer}/track/secret-tracking-token`);
    await waitFor(() => logs.split("\n").filter((l) => l.includes("nodes/node")).length >= 2, 5000, "access log lines");
    expect(logs).toMatch(/nodes\/node[12] .* 200 /);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain("secret-tracking-token");
    expect(logs).not.toContain("token=");
  });

  // Last: it stops node A.
  it("drains a node on SIGTERM: health fails, HAProxy takes it out before its sockets get 1012, they rejoin through the balancer on the other node, and no request or new socket through it fails meanwhile", async () => {
    const [draining, surviving] = nodes;
    // The sockets of earlier tests are gone on both nodes.
    for (const node of nodes) {
      const deadline = Date.now() + 5000;
      while ((await connectionsOn(node)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await connectionsOn(node), node.nodeId).toBe(0);
    }
    // Round-robin: four sockets through the balancer, on both nodes.
    const closes: { socket: number; code: number; at: number }[] = [];
    const existing: Channel[] = [];
    for (let i = 0; i < 4; i++) {
      const socket = await socketAt(`ws://${balancer}/socket`, "user123");
      socket.onClose((event: { code: number }) => void closes.push({ socket: i, code: event.code, at: Date.now() }));
      const channel = socket.channel("chat:room_abc123", {});
      expect((await join(channel, 8000)).status).toBe("ok");
      existing.push(channel);
    }
    const onDraining = await connectionsOn(draining);
    expect(onDraining).toBeGreaterThanOrEqual(1);
    expect(onDraining + (await connectionsOn(surviving))).toBe(4);

    const signalledAt = Date.now();
    draining.signal("SIGTERM");
    // Users keep loading pages and opening sockets through the balancer until the node is gone,
    // through the check's detection window (round-robin still picks the draining node) and after it.
    const exited = draining.exited.then(() => true);
    const untilExited = async (attempt: () => Promise<string>) => {
      const outcomes: string[] = [];
      while (!(await Promise.race([exited, new Promise<false>((r) => setTimeout(() => r(false), 50))]))) outcomes.push(await attempt());
      return outcomes;
    };
    const requests = untilExited(async () => {
      const res = await fetch(`http://${balancer}/api/v1/shops/shop_1`).catch(() => null);
      return res === null ? "failed" : String(res.status);
    });
    const userToken = await verifier.sign("user789");
    const upgrades = untilExited(() =>
      RawClient.connect(`ws://${balancer}/socket/websocket?vsn=2.0.0&token=${userToken}`).then(
        async (client) => {
          client.ws.close();
          await new Promise((resolve) => client.ws.once("close", resolve));
          return "open";
        },
        (err: Error) => err.message,
      ),
    );
    let health = await fetch(`${draining.url}/api/health`);
    while (health.status === 200) health = await fetch(`${draining.url}/api/health`);
    expect(health.status).toBe(503);
    await waitFor(() => /Server nodes\/node1 is DOWN/.test(logs), 5000, "HAProxy marking the draining node down");
    const downAt = Date.now();
    // The balancer noticed while the node still served its sockets: none was told to go yet.
    expect(closes).toEqual([]);

    // New clients through the balancer all land on the other node.
    const fresh: { code: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const socket = await socketAt(`ws://${balancer}/socket`, "user456");
      socket.onClose((event: { code: number }) => void fresh.push({ code: event.code }));
      expect((await join(socket.channel("chat:room_abc123", {}), 8000)).status).toBe("ok");
    }
    for (let i = 0; i < 2; i++) {
      const poller = await socketAt(`http://${balancer}/socket`, "user456", true);
      expect((await join(poller.channel("chat:room_abc123", {}), 8000)).status).toBe("ok");
      expect(sessionOwner((poller as unknown as { conn: { token: string } }).conn.token)).toBe(surviving.nodeId);
    }

    // The draining node's sockets get 1012, reconnect through the balancer and rejoin on the survivor.
    await waitFor(() => closes.length === onDraining, 10_000, "1012 on the draining node's sockets");
    expect(closes.map((c) => c.code)).toEqual(Array(onDraining).fill(1012));
    expect(Math.min(...closes.map((c) => c.at))).toBeGreaterThan(downAt);
    expect(await draining.exited).toEqual({ code: 0, signal: null });
    const [answers, opened] = await Promise.all([requests, upgrades]);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((status) => status !== "200")).toEqual([]);
    expect(opened.length).toBeGreaterThan(10);
    expect(opened.filter((outcome) => outcome !== "open")).toEqual([]);
    await waitFor(() => existing.every((channel) => channel.state === "joined"), 10_000, "every channel rejoined");
    const rejoinedAt = Date.now();
    expect(await connectionsOn(surviving)).toBe(4 + 4 + 2);
    expect(fresh).toEqual([]);
    for (const { socket } of closes) {
      // Every channel is in the room: the one listening may still get an earlier socket's message first.
      const content = `after the drain ${socket}`;
      const heard = nextEvent(existing[(socket + 1) % existing.length], "new_message", 5000, (m: { content: string }) => m.content === content);
      expect((await push(existing[socket], "message", { content }, 5000)).status).toBe("ok");
      expect((await heard).content).toBe(content);
    }
    console.log(
      `drain through HAProxy: health failed, node down in HAProxy after ${downAt - signalledAt} ms, ` +
        `first 1012 after ${Math.min(...closes.map((c) => c.at)) - signalledAt} ms, all rejoined after ${rejoinedAt - signalledAt} ms; ` +
        `meanwhile ${answers.length} requests and ${opened.length} new websockets through it, none refused`,
    );
  }, 60_000);
});
