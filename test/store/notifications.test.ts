import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  countNotifications,
  createNotification,
  listNotifications,
  markAllRead,
  markNotificationRead,
} from "@/server/store/repositories/notifications.repository";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

const maya = { type: "user" as const, id: "user123" };
const diego = { type: "user" as const, id: "user456" };

describe("notifications", () => {
  it("creates, lists newest first and counts per recipient", async () => {
    const { db } = store;
    const created = await createNotification(db, { recipient: diego, type: "product_like", data: { product_id: "prod_123" } });
    expect(created).toMatchObject({ type: "product_like", data: { product_id: "prod_123" }, read_at: null });
    expect(await countNotifications(db, diego)).toEqual({ unread: 1, total: 1 });
    const list = await listNotifications(db, maya, 10);
    expect(list.length).toBe(5);
    expect(list.map((n) => n.created_at)).toEqual(list.map((n) => n.created_at).sort().reverse());
    expect(typeof list[0].data).toBe("object");
  });

  it("marks only the recipient's own notifications read", async () => {
    const { db } = store;
    const mine = await createNotification(db, { recipient: maya, type: "new_message", data: { room_id: "12345" } });
    expect(await markNotificationRead(db, diego, mine.id)).toBe(false);
    expect(await markNotificationRead(db, { type: "shop", id: "user123" }, mine.id)).toBe(false);
    expect(await countNotifications(db, maya)).toEqual({ unread: 4, total: 6 });
    expect(await markNotificationRead(db, maya, mine.id)).toBe(true);
    expect(await markNotificationRead(db, maya, mine.id)).toBe(false);
    expect(await countNotifications(db, maya)).toEqual({ unread: 3, total: 6 });

    const other = await createNotification(db, { recipient: diego, type: "follow", data: {} });
    expect(await markAllRead(db, maya)).toBe(3);
    expect(await countNotifications(db, maya)).toEqual({ unread: 0, total: 6 });
    expect((await listNotifications(db, diego)).find((n) => n.id === other.id)?.read_at).toBeNull();
  });
});
