// Work after a committed write fails on its own: the write is still acknowledged (a client told
// "error" would retry a move that is already made), and the failure is logged and counted. Runs on
// PostgreSQL too (npm run test:pg).
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, push } from "../support/phoenix";

const t = useTestApp();
const pool = useSocketPool(t);

describe("after the commit", () => {
  it("a delivery status move is acknowledged and stored even when its broadcast (the ETA read) fails", async () => {
    const db = t.app.context.db;
    const courier = (await pool.connect("courier1")).channel("delivery:delivery_test456", {});
    const details = nextEvent(courier, "delivery_details");
    expect((await join(courier)).status).toBe("ok");
    await details;
    // The ETA the broadcast sends is read from the positions: that read now fails.
    await sql`alter table delivery_locations rename to delivery_locations_away`.execute(db);
    try {
      const reply = await push(courier, "update_status", { status: "picked_up" });
      expect(reply).toMatchObject({ status: "ok", response: { status: "picked_up" } });
    } finally {
      await sql`alter table delivery_locations_away rename to delivery_locations`.execute(db);
    }
    const stored = await db.selectFrom("deliveries").select("status").where("id", "=", "test456").executeTakeFirstOrThrow();
    expect(stored.status).toBe("picked_up");
    const failures = (await t.app.context.metrics.afterCommitFailures.get()).values;
    expect(failures).toEqual([expect.objectContaining({ labels: { step: "delivery_broadcast" }, value: 1 })]);
    // The next move, with the positions back, goes through as usual.
    expect((await push(courier, "update_status", { status: "in_transit" })).status).toBe("ok");
  });
});
