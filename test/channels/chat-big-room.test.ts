// Big chat rooms: above CHAT_MEMBER_EVENTS_MAX_ROOM users present nobody is told user_joined or
// user_left (presence_diff says who came and went), and presence diffs are merged over a window that
// grows with the room. Small rooms announce each user once, however many tabs they open.
import { describe, expect, it } from "vitest";
import { Presence, type Channel } from "phoenix";
import { useTestApp } from "../support/app";
import { collectEvents, useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, waitFor } from "../support/phoenix";

const MAX_ROOM = 3;
const t = useTestApp({ CHAT_MEMBER_EVENTS_MAX_ROOM: MAX_ROOM });
const pool = useSocketPool(t);

const member = (i: number) => `bigroom_u${i}`;

/** Signed-in users of this file, created once (a token of an unknown user joins no chat room). */
async function createUsers(count: number): Promise<void> {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: member(i), username: member(i), display_name: `Member ${i}`, password_hash: "!", role: "shopper" as const, phone: null, created_at: now, disabled_at: null,
  }));
  await t.app.context.db.insertInto("users").values(rows).onConflict((oc) => oc.column("id").doNothing()).execute();
}

/** What a member hears on the topic: who joined and left by name, and how many presence frames. */
function listen(channel: Channel) {
  const heard = { joined: [] as string[], left: [] as string[], presenceFrames: 0 };
  channel.on("user_joined", ({ user_id }: { user_id: string }) => void heard.joined.push(user_id));
  channel.on("user_left", ({ user_id }: { user_id: string }) => void heard.left.push(user_id));
  channel.on("presence_diff", () => void heard.presenceFrames++);
  return heard;
}

/** `userId` joined to the topic, with listeners and a phoenix.js Presence set up before the join (presence_state follows its reply). */
async function inRoom(userId: string, topic: string) {
  const socket = await pool.connect(userId);
  const channel = socket.channel(topic, {});
  const heard = listen(channel);
  const presence = new Presence(channel);
  expect((await join(channel)).status).toBe("ok");
  return { socket, channel, heard, presence };
}

describe("chat: user_joined and user_left in small and big rooms", () => {
  it("in a small room announces a user once, not once per tab, and their leave when the last tab goes", async () => {
    await createUsers(2);
    const topic = "chat:room_tabs";
    const { heard, presence, ...watcher } = await inRoom(member(0), topic);

    const firstTab = await inRoom(member(1), topic);
    await waitFor(() => heard.joined.length === 1, 3000, "user_joined of the first tab");
    const secondTab = await inRoom(member(1), topic);
    await waitFor(() => presence.list((_id, { metas }) => metas.length).join() === "1,2", 3000, "the second tab in presence");

    firstTab.socket.disconnect();
    await waitFor(() => presence.list((_id, { metas }) => metas.length).join() === "1,1", 3000, "one tab left");
    const left = nextEvent(watcher.channel, "user_left");
    secondTab.channel.leave();
    expect(await left).toMatchObject({ user_id: member(1), username: member(1) });
    expect(heard.joined).toEqual([member(1)]);
    expect(heard.left).toEqual([member(1)]);
  });

  it(`above ${MAX_ROOM} users present sends no user_joined or user_left; presence still tells who came and went`, async () => {
    const joins = 12;
    await createUsers(joins + 1);
    const topic = "chat:room_crowd";
    const { heard, presence, ...watcher } = await inRoom(member(0), topic);

    // One by one, so which joins were announced does not depend on timing.
    const others = [];
    for (let i = 1; i <= joins; i++) others.push(await inRoom(member(i), topic));
    await waitFor(() => presence.list().length === joins + 1, 5000, "every member in presence");
    // Announced while the room, the joiner counted, had at most MAX_ROOM users: the 2nd and 3rd.
    await waitFor(() => heard.joined.length === MAX_ROOM - 1, 3000, "the small room's user_joined");
    expect(heard.joined).toEqual([member(1), member(2)]);

    // Leaves in a big room go unannounced, until it is small again (the leaver counted, as on joining).
    const silentLeaves = joins + 1 - MAX_ROOM;
    for (const other of others.splice(0, silentLeaves)) other.channel.leave();
    await waitFor(() => presence.list().length === MAX_ROOM, 5000, "the leaves in presence");
    const lastLeave = nextEvent(watcher.channel, "user_left");
    others[0].socket.disconnect();
    expect(await lastLeave).toMatchObject({ user_id: member(silentLeaves + 1) });
    expect(heard.left).toEqual([member(silentLeaves + 1)]);
    expect(heard.joined).toHaveLength(MAX_ROOM - 1);
  });

  it("sends a member of a big room a bounded number of presence frames, not one per join", async () => {
    await createUsers(20);
    const topic = "chat:room_burst";
    const { heard, presence, ...watcher } = await inRoom(member(0), topic);
    await waitFor(() => presence.list().length === 1, 3000, "the watcher's presence_state");

    const started = Date.now();
    const burst = await Promise.all(Array.from({ length: 19 }, (_, i) => inRoom(member(i + 1), topic)));
    await waitFor(() => presence.list().length === 20, 5000, "every join in presence");
    const elapsedMs = Date.now() - started;
    const joinedAnnounced = heard.joined.length;
    // At most one diff as a window opens and one as it closes: 50 ms windows in a room this size.
    expect(heard.presenceFrames).toBeLessThanOrEqual(2 * Math.ceil(elapsedMs / 50) + 2);
    if (elapsedMs < 300) expect(heard.presenceFrames).toBeLessThan(burst.length / 2);
    expect(joinedAnnounced).toBeLessThanOrEqual(MAX_ROOM - 1);
  });

  it("merges a big room's presence over a longer window: a few frames a second, whatever the join rate", async () => {
    const topic = "chat:room_thousands";
    await createUsers(1);
    const { heard, presence, ...watcher } = await inRoom(member(0), topic);
    await waitFor(() => presence.list().length === 1, 3000, "the watcher's presence_state");

    // 5,000 members present, tracked on the server as their joins would be, 250 every 50 ms for 1 s.
    const present = t.app.context.presence;
    const crowd = { owner: "crowd" };
    const started = Date.now();
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 250; i++) {
        const key = `crowd_${batch * 250 + i}`;
        void present.track(crowd, topic, key, { username: key, online_at: new Date().toISOString() });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor(() => presence.list().length === 5001, 5000, "every member in presence");
    const elapsedMs = Date.now() - started;
    present.untrackAll(crowd);
    // With 5,000 present a window is 500 ms: far fewer frames than 50 ms windows (2 per window) give.
    expect(heard.presenceFrames).toBeLessThanOrEqual(2 * Math.ceil(elapsedMs / 500) + 4);
    expect(heard.presenceFrames).toBeLessThan(elapsedMs / 50 / 2);
    expect(heard.joined).toEqual([]);
  });
});
