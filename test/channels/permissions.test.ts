// The permission table (server/services/permissions.ts), walked cell by cell over the real server:
// every relation x channel x event (x delivery status) it names. An allowed cell succeeds; a refused
// cell gets its reason and changes nothing in the database.
import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { checkStatusUpdate, type DeliveryRole } from "@/lib/delivery-rules";
import { chatEvents, deliveryEvents, DELIVERY_STATUSES, feedEvents, notificationEvents, type DeliveryStatus } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { authorize, PERMISSIONS, type Relation, type Subject } from "@/server/services/permissions";
import { createPrivateRoom, ensureOpenRoom, addMember, insertMessage } from "@/server/store/repositories/chat.repository";
import { createNotification } from "@/server/store/repositories/notifications.repository";
import { newId } from "@/server/store/ids";
import { useTestApp } from "../support/app";
import { RawClient } from "../support/raw-client";

const t = useTestApp();
const db = () => t.app.context.db;

/** Demo users standing for each relation (see server/store/seed.ts). */
const USER_FOR: Record<Relation, string | null> = {
  anonymous: null,
  signed_in: "user456",
  member: "user123",
  self: "user123",
  customer: "user123",
  courier: "courier1",
  owner: "owner1",
  admin: "admin",
  link_holder: null,
};

/** A fresh thing to act on, the push for each action, and what must not change when refused. */
interface Fixture {
  topic: string;
  payloads: Record<string, object>;
  snapshot(): Promise<unknown>;
}

const clients: RawClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

async function connect(userId: string | null): Promise<RawClient> {
  const token = userId ? `&token=${await t.token(userId)}` : "";
  const client = await RawClient.connect(`${t.wsUrl}/websocket?vsn=2.0.0${token}`);
  clients.push(client);
  return client;
}

let ref = 0;
async function send(client: RawClient, topic: string, event: string, payload: object, joinRef: string | null): Promise<{ status: string; response: any }> {
  const msgRef = String(++ref);
  client.send([joinRef, msgRef, topic, event, payload]);
  const [, , , , reply] = await client.next((f) => Array.isArray(f) && f[1] === msgRef && f[3] === "phx_reply");
  return reply;
}

async function deliveryIn(status: DeliveryStatus): Promise<{ id: string; token: string }> {
  const id = newId("dlv");
  const now = new Date().toISOString();
  await db()
    .insertInto("deliveries")
    .values({
      id,
      order_id: null,
      shop_id: "shop_1",
      customer_id: "user123",
      courier_id: "courier1",
      status,
      customer_address: "215 E 14th St, New York, NY 10003",
      customer_phone: null,
      dest_latitude: 40.7306,
      dest_longitude: -73.9866,
      origin_latitude: 40.7411,
      origin_longitude: -73.9897,
      tracking_token: `${id}track`,
      created_at: now,
      updated_at: now,
      picked_up_at: null,
      delivered_at: status === "delivered" ? now : null,
      cancelled_at: status === "cancelled" ? now : null,
    })
    .execute();
  return { id, token: `${id}track` };
}

function deliverySnapshot(id: string) {
  return async () => ({
    delivery: await db().selectFrom("deliveries").select(["status", "courier_id", "updated_at"]).where("id", "=", id).executeTakeFirst(),
    locations: await db().selectFrom("delivery_locations").select(["id"]).where("delivery_id", "=", id).execute(),
  });
}

const DELIVERY_PAYLOADS = { location_update: { latitude: 40.735, longitude: -73.99 }, get_eta: {}, update_status: { status: "picked_up" } };

async function chatRoom(visibility: "private" | "open"): Promise<Fixture> {
  const roomId = `perm_${newId("room")}`;
  if (visibility === "private") await createPrivateRoom(db(), { id: roomId, name: "Private", createdBy: "owner1", memberIds: ["owner1", "user123"] });
  else {
    await ensureOpenRoom(db(), roomId, "owner1");
    await addMember(db(), roomId, "user123");
  }
  const stored = await insertMessage(db(), { roomId, senderId: "owner1", senderType: "user", username: "owner1", content: "Hello" });
  return {
    topic: `chat:room_${roomId}`,
    payloads: { message: { content: "hi" }, typing: { is_typing: true }, mark_read: { message_id: stored.message.id } },
    snapshot: async () => ({
      rooms: await db().selectFrom("chat_rooms").select(["id", "visibility"]).where("id", "=", roomId).execute(),
      members: await db().selectFrom("chat_members").select("user_id").where("room_id", "=", roomId).orderBy("user_id").execute(),
      messages: await db().selectFrom("chat_messages").select("id").where("room_id", "=", roomId).execute(),
      reads: await db().selectFrom("message_reads").select(["user_id"]).where("message_id", "=", stored.message.id).execute(),
    }),
  };
}

async function notificationsOf(type: "user" | "shop", id: string): Promise<Fixture> {
  const notification = await createNotification(db(), { recipient: { type, id }, type: "follow", data: { user_id: "user789" } });
  return {
    topic: `notifications:${type}_${id}`,
    payloads: { mark_read: { notification_id: notification.id }, mark_all_read: {} },
    snapshot: () => db().selectFrom("notifications").select(["id", "read_at"]).where("recipient_id", "=", id).orderBy("id").execute(),
  };
}

const ENGAGEMENT_TABLES = ["product_likes", "product_saves", "product_views", "product_shares", "product_reports"] as const;

const FIXTURES: Record<Subject, (status: DeliveryStatus) => Promise<Fixture>> = {
  chat_private: () => chatRoom("private"),
  chat_open: () => chatRoom("open"),
  delivery: async (status) => {
    const { id } = await deliveryIn(status);
    return { topic: `delivery:delivery_${id}`, payloads: DELIVERY_PAYLOADS, snapshot: deliverySnapshot(id) };
  },
  tracking: async (status) => {
    const { id, token } = await deliveryIn(status);
    return { topic: `delivery:token_${token}`, payloads: DELIVERY_PAYLOADS, snapshot: deliverySnapshot(id) };
  },
  notifications_user: () => notificationsOf("user", "user123"),
  notifications_shop: () => notificationsOf("shop", "shop_1"),
  feed: async () => {
    const product_id = "prod_123";
    const payloads: Record<string, object> = Object.fromEntries(Object.keys(feedEvents.in).map((event) => [event, { product_id }]));
    Object.assign(payloads, { load_more: { skip: 0 }, share_item: { product_id, platform: "copy_link" }, report_item: { product_id, reason: "spam" } });
    return {
      topic: "feed:user_user123",
      payloads,
      snapshot: () => Promise.all(ENGAGEMENT_TABLES.map((table) => db().selectFrom(table).select((eb) => eb.fn.countAll().as("rows")).executeTakeFirst())),
    };
  },
};

/** Subjects whose cells depend on the delivery's status. */
const WITH_STATUS: ReadonlySet<Subject> = new Set(["delivery", "tracking"]);

const EVENTS: Record<Subject, object> = {
  chat_private: chatEvents.in,
  chat_open: chatEvents.in,
  delivery: deliveryEvents.in,
  tracking: deliveryEvents.in,
  notifications_user: notificationEvents.in,
  notifications_shop: notificationEvents.in,
  feed: feedEvents.in,
};

const subjects = Object.keys(PERMISSIONS) as Subject[];

describe("the permission table", () => {
  it("has a cell for the join and for every client event of each channel", () => {
    for (const subject of subjects) {
      expect(Object.keys(PERMISSIONS[subject].actions).sort(), subject).toEqual(["join", ...Object.keys(EVENTS[subject])].sort());
    }
  });

  it("is the one docs/security.md shows (UPDATE_DOCS=1 rewrites it)", () => {
    const doc = readFileSync(SECURITY_DOC, "utf8");
    const [head, rest] = doc.split(TABLE_START);
    const tail = rest.slice(rest.indexOf(TABLE_END));
    const current = `${head}${TABLE_START}\n${renderTable()}\n${tail}`;
    if (process.env.UPDATE_DOCS) writeFileSync(SECURITY_DOC, current);
    expect(readFileSync(SECURITY_DOC, "utf8")).toBe(current);
  });

  it("gives anonymous callers unauthorized, others forbidden, and the wrong status invalid_transition", () => {
    expect(authorize("delivery", "join", new Set(["anonymous"]))).toEqual({ ok: false, reason: REASON.unauthorized });
    expect(authorize("delivery", "join", new Set(["signed_in"]))).toEqual({ ok: false, reason: REASON.forbidden });
    expect(authorize("delivery", "location_update", new Set(["courier"]), "delivered")).toEqual({ ok: false, reason: REASON.invalidTransition });
    expect(authorize("delivery", "location_update", new Set(["customer", "courier"]), "in_transit")).toEqual({ ok: true });
    // A private room's refusal does not tell that it exists.
    expect(authorize("chat_private", "join", new Set(["signed_in"]))).toEqual({ ok: false, reason: REASON.unauthorized });
    expect(authorize("feed", "__proto__", new Set(["self"]))).toEqual({ ok: false, reason: REASON.forbidden });
  });

  for (const subject of subjects) {
    const { relations, actions } = PERMISSIONS[subject];
    const statuses: (DeliveryStatus | undefined)[] = WITH_STATUS.has(subject) ? [...DELIVERY_STATUSES] : [undefined];
    for (const relation of relations) {
      it(`${subject} as ${relation}: every action${WITH_STATUS.has(subject) ? " in every status" : ""}`, async () => {
        for (const status of statuses) {
          for (const action of Object.keys(actions)) {
            if (action === "update_status") {
              for (const to of DELIVERY_STATUSES) await checkCell(subject, relation, action, status, { status: to });
            } else {
              await checkCell(subject, relation, action, status);
            }
          }
        }
      });
    }
  }
});

const SECURITY_DOC = "docs/security.md";
const TABLE_START = "<!-- permission table: generated by test/channels/permissions.test.ts -->";
const TABLE_END = "<!-- end of permission table -->";

function renderTable(): string {
  const rows = subjects.flatMap((subject) => {
    const { relations, actions } = PERMISSIONS[subject];
    return Object.entries(actions).map(([action, cell]) => {
      const who = cell.who.length ? cell.who.join(", ") : "nobody";
      const when = cell.when ? ` (while ${cell.when.join(", ")})` : action === "update_status" && cell.who.length ? " (moves: lib/delivery-rules)" : "";
      return `| ${subject} | ${action} | ${who}${when} | ${relations.filter((r) => !cell.who.includes(r)).join(", ") || "-"} |`;
    });
  });
  return ["| subject | action | allowed | refused |", "|---|---|---|---|", ...rows].join("\n");
}

/** What the table says a caller with `relation` gets; update_status moves are lib/delivery-rules' table. */
function expected(subject: Subject, relation: Relation, action: string, status: DeliveryStatus | undefined, payload: any) {
  const decision = authorize(subject, action, new Set([relation]), status);
  if (!decision.ok || action !== "update_status" || status === undefined) return decision;
  return checkStatusUpdate(status, payload.status, new Set([relation as DeliveryRole]), { courierNamed: true });
}

async function checkCell(subject: Subject, relation: Relation, action: string, status: DeliveryStatus | undefined, override?: object) {
  const fixture = await FIXTURES[subject](status ?? "in_transit");
  const payload = override ?? fixture.payloads[action] ?? {};
  const cell = `${subject} / ${relation} / ${action}${status ? ` / ${status}` : ""}${override ? ` -> ${JSON.stringify(override)}` : ""}`;
  const client = await connect(USER_FOR[relation]);
  const want = expected(subject, relation, action, status, payload);
  const joinAllowed = authorize(subject, "join", new Set([relation])).ok;
  const before = await fixture.snapshot();

  const joinReply = await send(client, fixture.topic, "phx_join", action === "join" ? payload : {}, "1");
  if (action === "join") {
    expect(joinReply.status, cell).toBe(want.ok ? "ok" : "error");
    if (!want.ok) {
      expect(joinReply.response, cell).toEqual({ reason: want.reason });
      expect(await fixture.snapshot(), `${cell} changed nothing`).toEqual(before);
    }
    return;
  }

  if (!joinAllowed) {
    // The table never lets anyone act on a channel it does not let them join: the server answers as Phoenix does.
    expect(want.ok, `${cell}: an event allowed to a relation that may not join`).toBe(false);
    expect(joinReply.status, cell).toBe("error");
    expect(await send(client, fixture.topic, action, payload, "1"), cell).toEqual({ status: "error", response: { reason: REASON.unmatchedTopic } });
    expect(await fixture.snapshot(), `${cell} changed nothing`).toEqual(before);
    return;
  }

  expect(joinReply.status, `${cell} join`).toBe("ok");
  const afterJoin = await fixture.snapshot();
  const reply = await send(client, fixture.topic, action, payload, "1");
  expect(reply.status, `${cell}: ${JSON.stringify(reply.response)}`).toBe(want.ok ? "ok" : "error");
  if (!want.ok) {
    expect(reply.response, cell).toEqual({ reason: want.reason });
    expect(await fixture.snapshot(), `${cell} changed nothing`).toEqual(afterJoin);
  }
}
