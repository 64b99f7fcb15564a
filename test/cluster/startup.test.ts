// Two nodes started at the same moment on an empty PostgreSQL database: one migrates and seeds,
// the other waits for it (advisory lock), and both serve.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TokenVerifier } from "@/server/socket/auth";
import { clusterDatabase, startNodeProcess, TEST_DATABASE_URL, type NodeProcess } from "../support/node-cluster";
import { join, phoenixSocket } from "../support/phoenix";
import { TEST_SECRET } from "../support/server";

if (!TEST_DATABASE_URL) console.log("skipping the concurrent start test: TEST_DATABASE_URL is not set (it needs a PostgreSQL server)");

describe.skipIf(!TEST_DATABASE_URL)("two nodes started at once on an empty PostgreSQL database", () => {
  const nodes: NodeProcess[] = [];
  let database: Awaited<ReturnType<typeof clusterDatabase>> | undefined;
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await database?.dispose();
  });

  it("migrates and seeds once, and both nodes serve", async () => {
    database = await clusterDatabase();
    const id = randomBytes(4).toString("hex");
    const env = { DATABASE_URL: database.url, JWT_SECRET: TEST_SECRET, LOG_LEVEL: "info" };
    nodes.push(...(await Promise.all([startNodeProcess(`start-a-${id}`, env), startNodeProcess(`start-b-${id}`, env)])));
    const output = nodes.map((n) => n.output()).join("\n");
    expect(output.match(/migrated the database/g)).toHaveLength(1);
    expect(output.match(/seeded the demo data/g)).toHaveLength(1);

    const token = await new TokenVerifier(TEST_SECRET).sign("user123");
    for (const node of nodes) {
      expect((await fetch(`${node.url}/api/health`)).status).toBe(200);
      const socket = phoenixSocket(`ws://127.0.0.1:${node.port}/socket`, { token });
      expect((await join(socket.channel("chat:room_12345", {}), 8000)).status).toBe("ok");
      socket.disconnect();
    }
  }, 120_000);
});
