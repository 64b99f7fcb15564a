import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineChannel, joined, type JoinResult } from "@/server/channel/channel";
import { startTestServer, type TestServer } from "../support/server";
import { join, nextEvent, phoenixSocket, push } from "../support/phoenix";

/** A channel whose `fragile` joins throw in handleOut, and whose `explode` schema throws while parsing. */
const fragileChannel = defineChannel({
  name: "fragile",
  patterns: ["fragile:*"],
  events: {
    join: z.object({ fragile: z.boolean().optional() }),
    in: {
      tick: z.object({}),
      explode: z.object({}).transform((): never => {
        throw new Error("schema blew up");
      }),
    },
    out: {},
  },
  intercept: ["tick"],
  join(_ctx, { fragile }): JoinResult<{ fragile: boolean }> {
    return joined({}, { fragile: fragile ?? false });
  },
  handleIn: {
    tick: (ctx) => ctx.broadcast("tick", { n: 1 }),
    explode: () => undefined,
  },
  handleOut(ctx, event, payload) {
    if (ctx.state.fragile) throw new Error("handleOut blew up");
    ctx.push(event, payload);
  },
});

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ channels: [fragileChannel] });
});
afterAll(() => srv.close());

describe("channel runtime isolation", () => {
  it("a throwing handleOut ends that join only; every other subscriber still gets the broadcast", async () => {
    const sockets = [0, 1, 2, 3].map(() => phoenixSocket(srv.wsUrl));
    // The fragile join subscribes between healthy ones, so a throw in the loop would cut off the later ones.
    const channels = sockets.map((s, i) => s.channel("fragile:room", { fragile: i === 1 }));
    for (const channel of channels) expect((await join(channel)).status).toBe("ok");
    const fragileErrored = new Promise<void>((resolve) => channels[1].onError(() => resolve()));
    const received = [0, 2, 3].map((i) => nextEvent(channels[i], "tick"));
    expect((await push(channels[0], "tick", {})).status).toBe("ok");
    expect(await Promise.all(received)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    await fragileErrored;
    // The other joins on the fragile socket's topic still work after the crash.
    expect((await push(channels[2], "tick", {})).status).toBe("ok");
    for (const s of sockets) s.disconnect();
  });

  it("a schema that throws gets an internal_error reply, not silence", async () => {
    const socket = phoenixSocket(srv.wsUrl);
    const channel = socket.channel("fragile:schema", {});
    await join(channel);
    expect(await push(channel, "explode", {})).toEqual({ status: "error", response: { reason: "internal_error" } });
    socket.disconnect();
  });
});
