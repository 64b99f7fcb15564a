// Restart under load: official phoenix clients chat and a courier sends positions while the real
// server process is stopped (SIGTERM, then SIGKILL) and started again on the same port and
// database. The clients reconnect and rejoin by themselves, messages sent meanwhile come back
// through last_seen_id, and every acknowledged message and position is stored exactly once.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Channel, Socket } from "phoenix";
import { createDatabase } from "@/server/store/db";
import { TokenVerifier } from "@/server/socket/auth";
import { startNodeProcess, type NodeProcess } from "../support/node-cluster";
import { join, phoenixSocket, push, waitFor } from "../support/phoenix";
import { TEST_SECRET } from "../support/server";

const dir = mkdtempSync(path.join(tmpdir(), "rm-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const verifier = new TokenVerifier(TEST_SECRET);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface ChatMessage {
  id: string;
  client_id: string | null;
}

/** A listener whose rejoins carry the last message it saw, as the web client's do. */
function listen(socket: Socket, topic: string) {
  const seen = new Map<string, string>();
  let lastSeen: string | undefined;
  const record = (messages: ChatMessage[]) => {
    for (const m of messages) {
      seen.set(m.id, m.client_id ?? "");
      lastSeen = m.id;
    }
  };
  const channel = socket.channel(topic, () => (lastSeen ? { last_seen_id: lastSeen } : {}));
  channel.on("new_message", (m: ChatMessage) => record([m]));
  channel.on("messages_history", ({ messages }: { messages: ChatMessage[] }) => record(messages));
  return { channel, seen };
}

async function runUnderRestarts(stops: ("SIGTERM" | "SIGKILL")[]) {
  const port = await freePort();
  const env = {
    DATABASE_URL: `file:${path.join(dir, `${stops.join("-")}.db`)}`,
    JWT_SECRET: TEST_SECRET,
    TEST_NODE_PORT: String(port),
    DRAIN_SPREAD_MS: "300",
    DRAIN_TIMEOUT_MS: "5000",
  };
  let node: NodeProcess = await startNodeProcess("restart", env);
  const url = `ws://127.0.0.1:${port}/socket`;
  const sockets: Socket[] = [];
  const connect = async (userId: string) => {
    const socket = phoenixSocket(url, { token: await verifier.sign(userId) });
    sockets.push(socket);
    return socket;
  };
  const topic = "chat:room_restart";
  const listener = listen(await connect("owner1"), topic);
  expect((await join(listener.channel)).status).toBe("ok");

  let running = true;
  const acked = new Map<string, string>();
  /** Sends each message until it is acknowledged, with the same client_id, as a client that retries must. */
  async function chatter(userId: string): Promise<void> {
    const channel = (await connect(userId)).channel(topic, {});
    expect((await join(channel)).status).toBe("ok");
    for (let n = 0; running; n++) {
      const clientId = `${userId}-${n}`;
      for (;;) {
        const reply = await push(channel, "message", { content: `message ${n} from ${userId}`, client_id: clientId }, 2000);
        if (reply.status === "ok") {
          acked.set(clientId, reply.response.message_id);
          break;
        }
        await sleep(100);
      }
      await sleep(150);
    }
  }
  const positions: { latitude: number; longitude: number }[] = [];
  let courierChannel!: Channel;
  /** Positions are not retried (the next one replaces it); only acknowledged ones must be stored. */
  async function courier(): Promise<void> {
    courierChannel = (await connect("courier1")).channel("delivery:delivery_abc123", {});
    expect((await join(courierChannel)).status).toBe("ok");
    for (let n = 0; running; n++) {
      const point = { latitude: 40.7 + n / 10_000, longitude: -74 + n / 10_000 };
      if ((await push(courierChannel, "location_update", point, 2000)).status === "ok") positions.push(point);
      await sleep(1100);
    }
  }
  const load = Promise.all([chatter("user123"), chatter("user456"), chatter("user789"), courier()]);

  for (const stop of stops) {
    await sleep(1500);
    const before = acked.size;
    if (stop === "SIGTERM") await node.stop();
    else await node.kill();
    expect(await node.exited).toEqual(stop === "SIGTERM" ? { code: 0, signal: null } : { code: null, signal: "SIGKILL" });
    node = await startNodeProcess("restart", env);
    // The clients came back by themselves and carry on.
    await waitFor(() => acked.size > before + 3, 15_000, "messages acknowledged after the restart");
  }
  await sleep(1200);
  running = false;
  await load;
  // Everything acknowledged reached the listener, live or through last_seen_id on its rejoins.
  await waitFor(() => [...acked.values()].every((id) => listener.seen.has(id)), 10_000, "the listener to have every acknowledged message");
  expect(listener.channel.state).toBe("joined");
  expect(courierChannel.state).toBe("joined");
  for (const socket of sockets) socket.disconnect();
  await node.stop();

  const store = createDatabase(env.DATABASE_URL);
  const rows = await store.db.selectFrom("chat_messages").select(["id", "client_id"]).where("room_id", "=", "restart").execute();
  const locations = await store.db.selectFrom("delivery_locations").select(["latitude", "longitude"]).where("delivery_id", "=", "abc123").execute();
  await store.close();
  for (const [clientId, id] of acked) expect(rows.filter((r) => r.client_id === clientId).map((r) => r.id)).toEqual([id]);
  for (const point of positions) {
    expect(locations.filter((l) => l.latitude === point.latitude && l.longitude === point.longitude)).toHaveLength(1);
  }
  return { messages: acked.size, positions: positions.length };
}

describe("restart under load", () => {
  it("SIGTERM: clients reconnect and rejoin, nothing acknowledged is lost or stored twice", async () => {
    const { messages, positions } = await runUnderRestarts(["SIGTERM"]);
    expect(messages).toBeGreaterThan(10);
    expect(positions).toBeGreaterThan(1);
  }, 40_000);

  it("SIGKILL: the same, with no drain at all", async () => {
    const { messages, positions } = await runUnderRestarts(["SIGKILL"]);
    expect(messages).toBeGreaterThan(10);
    expect(positions).toBeGreaterThan(1);
  }, 40_000);
});
