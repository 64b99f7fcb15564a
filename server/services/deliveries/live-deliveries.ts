import type { Kysely } from "kysely";
import type { AppContext } from "@/server/services/context";
import type { Database } from "@/server/store/database";
import { findDeliveryById, listLocationHistory } from "@/server/store/repositories/deliveries.repository";
import { findShopById } from "@/server/store/repositories/shops.repository";
import type { Delivery, DeliveryLocation } from "@/server/store/tables/deliveries.table";
import type { Shop } from "@/server/store/tables/shops.table";
import { RECENT_POINTS } from "./eta";

/**
 * What this node keeps of a delivery whose courier sends positions, read once: a position then
 * costs one insert and no read. `delivery` may fall behind a change made on another node; a
 * position is stored only while the row still has this courier and status and `recent`'s last
 * point is still the latest stored (insertLocationWhile), and a miss reads it all again.
 */
export interface LiveDelivery {
  delivery: Delivery;
  shop: Shop | null;
  /** The latest points, oldest first: the previous one for the speed, all of them for the ETA. */
  recent: DeliveryLocation[];
}

/** Deliveries remembered per node; the least recently used goes first beyond it (about 2 KB each). */
const MAX_LIVE = 10_000;

export class LiveDeliveries {
  private readonly entries = new Map<string, Promise<LiveDelivery | null>>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The delivery as this node last read it (null when it does not exist). */
  get(id: string): Promise<LiveDelivery | null> {
    let entry = this.entries.get(id);
    if (entry) this.entries.delete(id);
    else entry = this.load(id);
    this.entries.set(id, entry);
    if (this.entries.size > MAX_LIVE) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** Read it again next time: it changed (on this node), or what was read is behind the database. */
  forget(id: string): void {
    this.entries.delete(id);
  }

  /** The point, before it commits: the next point's speed is measured from it. */
  remember(live: LiveDelivery, point: DeliveryLocation): void {
    live.recent.push(point);
    if (live.recent.length > RECENT_POINTS) live.recent.shift();
  }

  private load(id: string): Promise<LiveDelivery | null> {
    const loaded = (async () => {
      const delivery = await findDeliveryById(this.db, id);
      if (!delivery) return null;
      const [shop, recent] = await Promise.all([findShopById(this.db, delivery.shop_id), listLocationHistory(this.db, id, RECENT_POINTS)]);
      return { delivery, shop: shop ?? null, recent };
    })();
    // Neither a missing delivery nor a failed read is remembered.
    loaded.then(
      (live) => live === null && this.drop(id, loaded),
      () => this.drop(id, loaded),
    );
    return loaded;
  }

  private drop(id: string, entry: Promise<LiveDelivery | null>): void {
    if (this.entries.get(id) === entry) this.entries.delete(id);
  }
}

const perApp = new WeakMap<AppContext, LiveDeliveries>();

/** The node's one LiveDeliveries (the channel and the services that change deliveries share it). */
export function liveDeliveries(app: AppContext): LiveDeliveries {
  let live = perApp.get(app);
  if (!live) perApp.set(app, (live = new LiveDeliveries(app.db)));
  return live;
}
