import type { Kysely } from "kysely";
import type { Database } from "../database";

export interface FeedSnapshot {
  productIds: string[];
  createdAt: Date;
}

export async function findFeedSnapshot(db: Kysely<Database>, userId: string): Promise<FeedSnapshot | null> {
  const row = await db.selectFrom("feed_snapshots").selectAll().where("user_id", "=", userId).executeTakeFirst();
  return row ? { productIds: JSON.parse(row.product_ids) as string[], createdAt: new Date(row.created_at) } : null;
}

/** The user's one snapshot, replaced by the newer. */
export async function saveFeedSnapshot(db: Kysely<Database>, userId: string, snapshot: FeedSnapshot): Promise<void> {
  const row = { user_id: userId, product_ids: JSON.stringify(snapshot.productIds), created_at: snapshot.createdAt.toISOString() };
  await db
    .insertInto("feed_snapshots")
    .values(row)
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ product_ids: row.product_ids, created_at: row.created_at }))
    .execute();
}
