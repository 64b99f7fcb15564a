import type { Kysely } from "kysely";
import type { Database } from "../database";
import { compiledOnce, type Placeholders } from "../compiled-query";
import { newId, newToken } from "../ids";
import { COURIER_ASSIGNABLE_STATUSES, isTransition, OPEN_STATUSES } from "@/lib/delivery-rules";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/events/delivery";
import type { Delivery, DeliveryLocation } from "../tables/deliveries.table";

export interface LatLng {
  latitude: number;
  longitude: number;
}

export interface CreateDeliveryInput {
  orderId: string;
  customerAddress: string;
  customerPhone?: string | null;
  origin: LatLng;
  destination: LatLng;
  id?: string;
  trackingToken?: string;
}

/** Creates a pending delivery for the order's shop and customer; null when the order is missing. */
export async function createDeliveryForOrder(db: Kysely<Database>, input: CreateDeliveryInput): Promise<Delivery | null> {
  const order = await db.selectFrom("orders").select(["shop_id", "customer_id"]).where("id", "=", input.orderId).executeTakeFirst();
  if (!order) return null;
  const now = new Date().toISOString();
  const delivery: Delivery = {
    id: input.id ?? newId("dlv"),
    order_id: input.orderId,
    shop_id: order.shop_id,
    customer_id: order.customer_id,
    courier_id: null,
    status: "pending",
    customer_address: input.customerAddress,
    customer_phone: input.customerPhone ?? null,
    dest_latitude: input.destination.latitude,
    dest_longitude: input.destination.longitude,
    origin_latitude: input.origin.latitude,
    origin_longitude: input.origin.longitude,
    tracking_token: input.trackingToken ?? newToken(),
    created_at: now,
    updated_at: now,
    picked_up_at: null,
    delivered_at: null,
    cancelled_at: null,
  };
  await db.insertInto("deliveries").values(delivery).execute();
  return delivery;
}

// Read on every join, reload and ETA of a delivery (a courier's positions use what the node remembers): compiled once.
const selectDelivery = compiledOnce((db, p: Placeholders<{ id: string }>) => db.selectFrom("deliveries").selectAll().where("id", "=", p.value("id")));

const selectLatestLocations = compiledOnce((db, p: Placeholders<{ deliveryId: string; since: string; limit: number }>) =>
  db
    .selectFrom("delivery_locations")
    .selectAll()
    .where("delivery_id", "=", p.value("deliveryId"))
    .where("recorded_at", ">=", p.value("since"))
    .orderBy("recorded_at", "desc")
    .orderBy("id", "desc")
    .limit(p.value("limit")),
);

export async function findDeliveryById(db: Kysely<Database>, id: string): Promise<Delivery | null> {
  return (await selectDelivery(db, { id }))[0] ?? null;
}

export async function findDeliveryByToken(db: Kysely<Database>, token: string): Promise<Delivery | null> {
  return (await db.selectFrom("deliveries").selectAll().where("tracking_token", "=", token).executeTakeFirst()) ?? null;
}

/** (Re)assigns a courier while nobody has picked the parcel up; null otherwise. */
export async function assignCourier(db: Kysely<Database>, id: string, courierId: string): Promise<Delivery | null> {
  const row = await db
    .updateTable("deliveries")
    .set({ courier_id: courierId, status: "assigned", updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("status", "in", COURIER_ASSIGNABLE_STATUSES)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Moves the delivery one step of the flow (lib/delivery-rules) and stamps the matching *_at column
 * with `at`. Returns null when the delivery is missing, the move is not in the flow, or, with `from`,
 * when its status is no longer `from` (two concurrent changes cannot both win).
 */
export async function updateDeliveryStatus(
  db: Kysely<Database>,
  id: string,
  status: DeliveryStatus,
  { from, at = new Date() }: { from?: DeliveryStatus; at?: Date } = {},
): Promise<Delivery | null> {
  const fromStatuses = (from ? [from] : DELIVERY_STATUSES).filter((s) => isTransition(s, status));
  if (fromStatuses.length === 0) return null;
  const iso = at.toISOString();
  const row = await db
    .updateTable("deliveries")
    .set((eb) => ({
      status,
      updated_at: iso,
      // Skipping straight to in_transit still records when the parcel left the shop.
      ...(status === "picked_up" || status === "in_transit" ? { picked_up_at: eb.fn.coalesce("picked_up_at", eb.val(iso)) } : {}),
      ...(status === "delivered" ? { delivered_at: iso } : {}),
      ...(status === "cancelled" ? { cancelled_at: iso } : {}),
    }))
    .where("id", "=", id)
    .where("status", "in", fromStatuses)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export interface InsertLocationInput extends LatLng {
  deliveryId: string;
  speedKmh?: number | null;
  recordedAt?: Date;
}

/** A point ready to store: its id and time given here. */
export function newLocation(input: InsertLocationInput): DeliveryLocation {
  return {
    id: newId("loc"),
    delivery_id: input.deliveryId,
    latitude: input.latitude,
    longitude: input.longitude,
    speed_kmh: input.speedKmh ?? null,
    recorded_at: (input.recordedAt ?? new Date()).toISOString(),
  };
}

/** The delivery's courier, status and latest stored point (its id, null for none) as a caller last read them. */
export interface DeliveryStanding {
  courierId: string;
  status: DeliveryStatus;
  latestPointId: string | null;
}

// One statement: the point goes in only while the delivery row still has that courier and status,
// and the latest stored point (by recorded_at, then id, as listLocationHistory orders) is still that one.
const insertLocationWhileRow = compiledOnce((db, p: Placeholders<DeliveryLocation & { courierId: string; status: DeliveryStatus; latestPointId: string }>) =>
  db
    .insertInto("delivery_locations")
    .columns(["id", "delivery_id", "latitude", "longitude", "speed_kmh", "recorded_at"])
    .expression((eb) =>
      eb
        .selectFrom("deliveries")
        .select([
          eb.val(p.value("id")).as("id"),
          "deliveries.id as delivery_id",
          eb.val(p.value("latitude")).as("latitude"),
          eb.val(p.value("longitude")).as("longitude"),
          eb.val(p.value("speed_kmh")).as("speed_kmh"),
          eb.val(p.value("recorded_at")).as("recorded_at"),
        ])
        .where("deliveries.id", "=", p.value("delivery_id"))
        .where("deliveries.courier_id", "=", p.value("courierId"))
        .where("deliveries.status", "=", p.value("status"))
        .where((w) =>
          w(
            w.fn.coalesce(
              w
                .selectFrom("delivery_locations")
                .select("delivery_locations.id")
                .where("delivery_locations.delivery_id", "=", p.value("delivery_id"))
                .orderBy("delivery_locations.recorded_at", "desc")
                .orderBy("delivery_locations.id", "desc")
                .limit(1),
              w.val(""),
            ),
            "=",
            p.value("latestPointId"),
          ),
        ),
    )
    .returning("id"),
);

/**
 * Stores the point only if the delivery still has the courier, status and latest point the caller
 * checked (compare-and-set: whatever another node changed or stored since, a replaced courier's
 * point is not stored, nor a speed measured from a point that is not the latest). False when it was not stored.
 */
export async function insertLocationWhile(db: Kysely<Database>, location: DeliveryLocation, standing: DeliveryStanding): Promise<boolean> {
  return (await insertLocationWhileRow(db, { ...location, ...standing, latestPointId: standing.latestPointId ?? "" })).length === 1;
}

export async function latestLocation(db: Kysely<Database>, deliveryId: string): Promise<DeliveryLocation | null> {
  const [row] = await listLatestLocations(db, deliveryId, 1);
  return row ?? null;
}

/** The latest `limit` points recorded at or after `since` (ISO), oldest first (ready to draw as a path). */
export async function listLocationHistory(db: Kysely<Database>, deliveryId: string, limit = 100, since = ""): Promise<DeliveryLocation[]> {
  return (await listLatestLocations(db, deliveryId, limit, since)).reverse();
}

function listLatestLocations(db: Kysely<Database>, deliveryId: string, limit: number, since = ""): Promise<DeliveryLocation[]> {
  return selectLatestLocations(db, { deliveryId, since, limit });
}

export async function listActiveDeliveriesByShop(db: Kysely<Database>, shopId: string): Promise<Delivery[]> {
  return db
    .selectFrom("deliveries")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("status", "in", OPEN_STATUSES)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** Deliveries where the user is the customer or the courier, newest first. */
export async function listDeliveriesForUser(db: Kysely<Database>, userId: string): Promise<Delivery[]> {
  return db
    .selectFrom("deliveries")
    .selectAll()
    .where((eb) => eb.or([eb("customer_id", "=", userId), eb("courier_id", "=", userId)]))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** Deliveries where the user is the customer, the courier or the shop's owner, newest first. */
export async function listDeliveriesForParticipant(db: Kysely<Database>, userId: string): Promise<Delivery[]> {
  return db
    .selectFrom("deliveries")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("customer_id", "=", userId),
        eb("courier_id", "=", userId),
        eb("shop_id", "in", eb.selectFrom("shops").select("shops.id").where("shops.owner_id", "=", userId)),
      ]),
    )
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** The order's delivery that is still under way, if any (an order ships once at a time). */
export async function findOpenDeliveryForOrder(db: Kysely<Database>, orderId: string): Promise<Delivery | null> {
  const row = await db.selectFrom("deliveries").selectAll().where("order_id", "=", orderId).where("status", "in", OPEN_STATUSES).executeTakeFirst();
  return row ?? null;
}
