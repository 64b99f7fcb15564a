import { expect, it } from "vitest";
import { sql } from "kysely";
import { useTestApp } from "../support/app";
import { join, nextEvent, phoenixSocket, push } from "../support/phoenix";

const t = useTestApp();

it("sends feed_error {reason: failed_to_load} when the feed cannot be loaded", async () => {
  // Break the ranking query for this app only: the viewer's marks (findViewerMarks) read product_reports.
  await sql`ALTER TABLE product_reports RENAME TO product_reports_gone`.execute(t.app.context.db);
  const socket = phoenixSocket(t.wsUrl, { token: await t.token("user123") });
  const channel = socket.channel("feed:user_user123", {});
  const joinError = nextEvent(channel, "feed_error");
  expect(await join(channel)).toEqual({ status: "ok", response: { items: [], has_more: false } });
  expect(await joinError).toEqual({ reason: "failed_to_load" });
  const errors: unknown[] = [];
  channel.on("feed_error", (payload) => void errors.push(payload));

  const loadError = nextEvent(channel, "feed_error");
  expect(await push(channel, "load_more", { skip: 10 })).toEqual({ status: "error", response: { reason: "failed_to_load" } });
  expect(await loadError).toEqual({ reason: "failed_to_load" });
  expect(errors).toHaveLength(1); // one per failed load, none left over from the join
  socket.disconnect();
});
