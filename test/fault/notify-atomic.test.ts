// Notifications caused by a write are committed with it: a failure storing the notification
// leaves the write undone too, so no crash between the two can lose one of them.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, push } from "../support/phoenix";

const t = useTestApp();
const pool = useSocketPool(t);
const db = () => t.app.context.db;
const status = async (id: string) => (await db().selectFrom("deliveries").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
const deliveryNotifications = async () =>
  (await db().selectFrom("notifications").select("data").where("recipient_id", "=", "user123").where("type", "=", "delivery_update").execute()).filter(
    (n) => JSON.parse(n.data).delivery_id === "test456",
  );

describe("a delivery status change and its notification", () => {
  it("commit together: when the notification cannot be stored the status does not change, and once it can both are stored", async () => {
    const courier = (await pool.connect("courier1")).channel("delivery:delivery_test456", {});
    expect((await join(courier)).status).toBe("ok");
    const customer = (await pool.connect("user123")).channel("notifications:user_user123", {});
    expect((await join(customer)).status).toBe("ok");
    expect(await status("test456")).toBe("assigned");
    const before = (await deliveryNotifications()).length;

    // The database refuses notifications, as a crash right after the status write would leave them unwritten.
    await sql`create trigger refuse_notifications before insert on notifications begin select raise(abort, 'refused'); end`.execute(db());
    const refused = await push(courier, "update_status", { status: "picked_up" });
    expect(refused).toEqual({ status: "error", response: { reason: "internal_error" } });
    expect(await status("test456")).toBe("assigned");
    expect(await deliveryNotifications()).toHaveLength(before);

    await sql`drop trigger refuse_notifications`.execute(db());
    const notified = nextEvent(customer, "new_notification");
    expect((await push(courier, "update_status", { status: "picked_up" })).status).toBe("ok");
    expect(await status("test456")).toBe("picked_up");
    expect(await deliveryNotifications()).toHaveLength(before + 1);
    expect((await notified).data).toMatchObject({ delivery_id: "test456", status: "picked_up" });
  });
});
