import type { Kysely } from "kysely";
import type { Database } from "../database";
import { compiledOnce, type Placeholders } from "../compiled-query";

export interface FeedSnapshot {
  productIds: string[];
  createdAt: Date;
}

const selectSnapshot = compiledOnce((db, p: Placeholders<{ userId: string }>) =>
  db.selectFrom("feed_snapshots").select(["product_ids", "created_at"]).where("user_id", "=", p.value("userId")),
);

export async function findFeedSnapshot(db: Kysely<Database>, userId: string): Promise<FeedSnapshot | null> {
  const [row] = await selectSnapshot(db, { userId });
  return row ? { productIds: JSON.parse(row.product_ids) as string[], createdAt: new Date(row.created_at) } : null;
}

type SnapshotRow = Database["feed_snapshots"];

const upsertSnapshot = compiledOnce((db, p: Placeholders<SnapshotRow>) =>
  db
    .insertInto("feed_snapshots")
    .values({ user_id: p.value("user_id"), product_ids: p.value("product_ids"), created_at: p.value("created_at") })
    .onConflict((oc) => oc.column("user_id").doUpdateSet((eb) => ({ product_ids: eb.ref("excluded.product_ids"), created_at: eb.ref("excluded.created_at") }))),
);

/** The user's one snapshot, replaced by the newer. */
export async function saveFeedSnapshot(db: Kysely<Database>, userId: string, snapshot: FeedSnapshot): Promise<void> {
  await upsertSnapshot(db, { user_id: userId, product_ids: JSON.stringify(snapshot.productIds), created_at: snapshot.createdAt.toISOString() });
}
