import { afterEach, describe, expect, it } from "vitest";
import type { Channel } from "phoenix";
import { useTestApp } from "../support/app";
import { SocketPool } from "../support/channel-helpers";
import { join, push, waitFor } from "../support/phoenix";

const t = useTestApp();
const pool = new SocketPool(() => t);

afterEach(() => pool.disconnectAll());

const db = () => t.app.context.db;

const joinRoom = (userId: string, roomId: string) => pool.joinAs(userId, `chat:room_${roomId}`);

/** Records every new_message of the channel, split by sender type. */
function record(channel: Channel) {
  const all: { sender_type: string; content: string; sender_id: string | null }[] = [];
  channel.on("new_message", (m) => {
    all.push(m);
  });
  return {
    all,
    ai: () => all.filter((m) => m.sender_type === "ai").map((m) => m.content),
    nextAi: async (count: number) => {
      await waitFor(() => all.filter((m) => m.sender_type === "ai").length >= count, 3000, `${count} assistant answers`);
      return all.filter((m) => m.sender_type === "ai")[count - 1].content;
    },
  };
}

/** Pushes a message and returns the assistant's answer to it. */
async function ask(channel: Channel, content: string): Promise<string> {
  const answer = nextAssistantAnswer(channel);
  expect((await push(channel, "message", { content })).status).toBe("ok");
  return answer;
}

function nextAssistantAnswer(channel: Channel): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no assistant answer")), 3000);
    const ref = channel.on("new_message", (m: { sender_type: string; content: string }) => {
      if (m.sender_type !== "ai") return;
      clearTimeout(timer);
      channel.off("new_message", ref);
      resolve(m.content);
    });
  });
}

describe("the chat assistant", () => {
  it("stores and broadcasts the command as a normal message, then answers only the asker with sender_type ai", async () => {
    const maya = await joinRoom("user123", "assist_help");
    const diego = await joinRoom("user456", "assist_help");
    const seenByDiego = record(diego.channel);
    const seenByMaya = record(maya.channel);
    const answer = await ask(maya.channel, "@help");
    for (const command of ["@help", "@createshop", "@find <words>", "@track", "@cancel"]) expect(answer).toContain(command);

    expect(seenByMaya.all.map((m) => m.sender_type)).toEqual(["user", "ai"]);
    expect(seenByMaya.all[0]).toMatchObject({ content: "@help", sender_id: "user123" });
    await new Promise((r) => setTimeout(r, 200));
    expect(seenByDiego.all.map((m) => [m.sender_type, m.content])).toEqual([["user", "@help"]]);
    const stored = await db().selectFrom("chat_messages").select(["content", "sender_type"]).where("room_id", "=", "assist_help").execute();
    expect(stored).toEqual([{ content: "@help", sender_type: "user" }]);
  });

  it("runs the document's @createshop flow verbatim and creates the shop owned by the sender", async () => {
    const { channel: testChannel } = await joinRoom("user789", "test123");
    const answers = record(testChannel);
    // Pushed back to back without waiting, exactly as the document does.
    testChannel.push("message", { content: "@help" });
    testChannel.push("message", { content: "@createshop" });
    testChannel.push("message", { content: "My Test Shop" });
    testChannel.push("message", { content: "New York" });
    testChannel.push("message", { content: "electronics" });
    const done = await answers.nextAi(5);

    const shop = await db().selectFrom("shops").selectAll().where("name", "=", "My Test Shop").executeTakeFirstOrThrow();
    expect(shop).toMatchObject({ owner_id: "user789", location: "New York", category: "electronics" });
    expect(done).toContain(shop.id);
    expect(done).toContain("/shop");
    expect(answers.ai()[1]).toMatch(/name/i);
    expect(answers.ai()[2]).toContain("My Test Shop");
    expect((await db().selectFrom("users").select("role").where("id", "=", "user789").executeTakeFirstOrThrow()).role).toBe("owner");
    expect(await db().selectFrom("assistant_conversations").selectAll().where("user_id", "=", "user789").execute()).toEqual([]);
  });

  it("survives a reconnect in the middle of @createshop", async () => {
    const first = await joinRoom("user456", "assist_reconnect");
    await ask(first.channel, "@createshop");
    expect(await ask(first.channel, "Diego's Bikes")).toContain("Diego's Bikes");
    first.socket.disconnect();

    const socket = await pool.connect("user456");
    const channel = socket.channel("chat:room_assist_reconnect", {});
    const repeated = nextAssistantAnswer(channel);
    await join(channel);
    expect(await repeated).toContain("located");
    await ask(channel, "Red Hook, Brooklyn");
    expect(await ask(channel, "Sports")).toMatch(/shop_/);
    const shop = await db().selectFrom("shops").selectAll().where("name", "=", "Diego's Bikes").executeTakeFirstOrThrow();
    expect(shop).toMatchObject({ owner_id: "user456", location: "Red Hook, Brooklyn", category: "sports" });
  });

  it("validates answers and keeps asking the same question", async () => {
    const { channel } = await joinRoom("user123", "assist_validate");
    await ask(channel, "@createshop");
    expect(await ask(channel, "A")).toMatch(/at least 2 characters/);
    expect(await ask(channel, "x".repeat(61))).toMatch(/at most 60 characters/);
    const conversation = await db().selectFrom("assistant_conversations").selectAll().where("room_id", "=", "assist_validate").executeTakeFirstOrThrow();
    expect(conversation).toMatchObject({ step: "name", data: "{}" });
    expect(await ask(channel, "@cancel")).toBe("Cancelled.");
  });

  it("@cancel ends the conversation: the next plain message is just a message", async () => {
    const { channel } = await joinRoom("user123", "assist_cancel");
    const answers = record(channel);
    await ask(channel, "@createshop");
    expect(await ask(channel, "@cancel")).toBe("Cancelled.");
    await push(channel, "message", { content: "Never mind" });
    await new Promise((r) => setTimeout(r, 200));
    expect(answers.ai()).toHaveLength(2);
    expect(await db().selectFrom("shops").select("id").where("name", "=", "Never mind").execute()).toEqual([]);
    expect(await ask(channel, "@cancel")).toBe("There is nothing to cancel.");
  });

  it("hints at @help for an unknown command", async () => {
    const { channel } = await joinRoom("user123", "assist_unknown");
    expect(await ask(channel, "@dance now")).toBe("I don't know @dance. Type @help to see what I can do.");
  });

  it("@find lists published products matching every word, with prices, at most 5", async () => {
    const { channel } = await joinRoom("user123", "assist_find");
    const lamp = await ask(channel, "@find desk LAMP");
    expect(lamp).toContain("Lumen Desk Lamp with Wireless Charger - $59.00 at Hudson Tech");
    // The Nimbus Smart Speaker is a draft.
    expect(await ask(channel, "@find speaker")).toBe('No products match "speaker".');
    const many = await ask(channel, "@find e");
    expect(many.split("\n").filter((line) => /^\d\./.test(line))).toHaveLength(5);
    expect(await ask(channel, "@find _")).toBe('No products match "_".');
    expect(await ask(channel, "@find")).toMatch(/what to look for/);
  });

  it("@track lists the sender's active deliveries with status and tracking link", async () => {
    const { channel } = await joinRoom("user123", "assist_track");
    const answer = await ask(channel, "@track");
    expect(answer).toContain("Delivery 67890: in transit - /track/67890track");
    expect(answer).toContain("Delivery test456: assigned - /track/test456track");
    const { channel: other } = await joinRoom("user789", "assist_track");
    expect(await ask(other, "@track")).toBe("You have no active deliveries.");
  });
});
