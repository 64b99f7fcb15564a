import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupCommit } from "@/server/store/group-commit";
import {
  ensureOpenRoom,
  insertMessage,
  listMessagesAfter,
  listRecentMessages,
  storeMessage,
  type InsertMessageInput,
} from "@/server/store/repositories/chat.repository";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
let writes: GroupCommit;
beforeEach(async () => {
  store = await openSeededStore();
  writes = new GroupCommit(store.db, store.dialect);
});
afterEach(async () => {
  await writes.idle();
  await store.dispose();
});

const input = (roomId: string, content: string, clientId?: string): InsertMessageInput => ({
  roomId,
  senderId: "user123",
  senderType: "user",
  username: "user123",
  content,
  clientId,
});
const send = (roomId: string, content: string, clientId?: string) =>
  writes.run(roomId, (trx) => storeMessage(trx, input(roomId, content, clientId)));

async function seqsOf(roomId: string): Promise<Array<{ seq: number; content: string }>> {
  return store.db.selectFrom("chat_messages").select(["seq", "content"]).where("room_id", "=", roomId).orderBy("seq").execute();
}

describe("chat writes through the group commit", () => {
  it("stores concurrent messages of many rooms once each, every room numbered 1, 2, 3... in the order each sender sent", async () => {
    const rooms = Array.from({ length: 40 }, (_, i) => `gc-room-${i}`);
    for (const room of rooms) await ensureOpenRoom(store.db, room, "user123");
    // Each room's sender sends 5 messages one after another (as a socket does: the next after the ack);
    // all 40 rooms at once, so their writes share transactions.
    const acked = await Promise.all(
      rooms.map(async (room) => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await send(room, `${room}/${i}`, `c${i}`)).message.id);
        return ids;
      }),
    );
    const total = await store.db.selectFrom("chat_messages").select((eb) => eb.fn.countAll<number>().as("n")).where("room_id", "like", "gc-room-%").executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(200);
    for (const [r, room] of rooms.entries()) {
      expect(await seqsOf(room)).toEqual([0, 1, 2, 3, 4].map((i) => ({ seq: i + 1, content: `${room}/${i}` })));
      expect((await listRecentMessages(store.db, room)).map((m) => m.id)).toEqual(acked[r]);
    }
    const lastSeq = await store.db.selectFrom("chat_rooms").select("last_seq").where("id", "=", "gc-room-7").executeTakeFirstOrThrow();
    expect(lastSeq.last_seq).toBe(5);
  });

  it("acknowledges a write only once it is committed: another connection reads it", async () => {
    await ensureOpenRoom(store.db, "gc-visible", "user123");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => send("gc-visible", `v${i}`)));
    for (const { message } of results) {
      const row = await store.db.selectFrom("chat_messages").select("id").where("id", "=", message.id).executeTakeFirst();
      expect(row).toEqual({ id: message.id });
    }
  });

  it("a failing write fails alone: the others of its batch are stored and acknowledged", async () => {
    await ensureOpenRoom(store.db, "gc-ok", "user123");
    const sent = [send("gc-ok", "before"), send("gc-missing-room", "lost"), send("gc-ok", "after")];
    const [before, missing, after] = await Promise.allSettled(sent);
    expect(before.status).toBe("fulfilled");
    expect(after.status).toBe("fulfilled");
    expect(missing).toMatchObject({ status: "rejected", reason: expect.objectContaining({ message: expect.stringMatching(/does not exist/) }) });
    expect(await seqsOf("gc-ok")).toEqual([
      { seq: 1, content: "before" },
      { seq: 2, content: "after" },
    ]);
    expect(await seqsOf("gc-missing-room")).toEqual([]);
  });

  it("stores a retried message once, also when the retry arrives in the same batch", async () => {
    await ensureOpenRoom(store.db, "gc-retry", "user123");
    const [first, retry] = await Promise.all([send("gc-retry", "hello", "same-id"), send("gc-retry", "hello", "same-id")]);
    expect(first.status).toBe("created");
    expect(retry).toEqual({ status: "duplicate", message: first.message });
    expect(await seqsOf("gc-retry")).toEqual([{ seq: 1, content: "hello" }]);
  });

  it("continues a room's numbering from its stored messages and keeps rooms apart", async () => {
    const seeded = await listRecentMessages(store.db, "12345");
    expect(seeded.length).toBeGreaterThan(0);
    const { message } = await send("12345", "next");
    expect((await seqsOf("12345")).at(-1)).toEqual({ seq: seeded.length + 1, content: "next" });
    expect((await listMessagesAfter(store.db, "12345", seeded.at(-1)!.id))?.map((m) => m.id)).toEqual([message.id]);
  });
});

// On SQLite a batch runs synchronously, so a turn's batches are visible from the next turn;
// on PostgreSQL commits are round trips that end in later turns.
describe.skipIf(process.env.TEST_POSTGRES_URL)("group commit under overload on SQLite", () => {
  /** 300 writes arrive in one turn (many sockets' frames read in one I/O phase): 5 batches. How many have committed when the next turn starts? */
  async function committedByNextTurn(commit: GroupCommit): Promise<number> {
    await ensureOpenRoom(store.db, "gc-burst", "user123");
    let committed = 0;
    const sent = Array.from({ length: 300 }, (_, i) => commit.run("gc-burst", (trx) => storeMessage(trx, input("gc-burst", `b${i}`))).then(() => committed++));
    const atNextTurn = await new Promise<number>((resolve) => setImmediate(() => resolve(committed)));
    await Promise.all(sent);
    expect((await seqsOf("gc-burst")).map((m) => m.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await commit.idle();
    return atNextTurn;
  }

  it("commits every write queued before a turn in that turn, in several batches, so reading sockets between turns cannot starve the commits", async () => {
    // One batch per turn had committed 64 here.
    expect(await committedByNextTurn(new GroupCommit(store.db, store.dialect, 60_000))).toBe(300);
  });

  it("lets the loop turn once the turn's budget is spent, instead of committing a whole backlog in one blocking turn", async () => {
    expect(await committedByNextTurn(new GroupCommit(store.db, store.dialect, 0))).toBe(64);
  });
});

// On PostgreSQL writers run concurrently; SQLite has a single writer, which gives the same order by itself.
describe.runIf(process.env.TEST_POSTGRES_URL)("chat order on PostgreSQL", () => {
  it("a message started while another of its room is uncommitted commits after it and comes after it", async () => {
    await ensureOpenRoom(store.db, "pg-late", "user123");
    const early = await store.db.startTransaction().execute();
    const a = await storeMessage(early, input("pg-late", "A"));
    const b = insertMessage(store.db, input("pg-late", "B"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // B waits for the room's row lock, so no reader can see B (and take it as last_seen_id) before A.
    expect(await listRecentMessages(store.db, "pg-late")).toEqual([]);
    await early.commit().execute();
    const { message } = await b;
    expect((await listRecentMessages(store.db, "pg-late")).map((m) => m.content)).toEqual(["A", "B"]);
    expect((await listMessagesAfter(store.db, "pg-late", a.message.id))?.map((m) => m.id)).toEqual([message.id]);
  });
});
