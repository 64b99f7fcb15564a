import type { Kysely, Transaction } from "kysely";
import type { Database } from "../database";
import { newId } from "../ids";
import { inTransaction } from "../transaction";

type MarkTable = "product_likes" | "product_saves";

async function addMark(db: Kysely<Database>, table: MarkTable, userId: string, productId: string): Promise<boolean> {
  const inserted = await db
    .insertInto(table)
    .values({ user_id: userId, product_id: productId, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "product_id"]).doNothing())
    .returning("user_id")
    .execute();
  return inserted.length > 0;
}

async function removeMark(db: Kysely<Database>, table: MarkTable, userId: string, productId: string): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where("user_id", "=", userId)
    .where("product_id", "=", productId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

type Counter = "likes" | "shares" | "views";

/** UTC hour of an ISO timestamp, the bucket of product_activity. */
const hourOf = (iso: string) => iso.slice(0, 13);

/**
 * Moves a product's counter and the engagement of the event's hour by `delta`, inside the event's
 * own transaction, so the counts the feed ranks by are never out of step with the events.
 * Returns the counter's new value.
 */
async function bump(trx: Transaction<Database>, productId: string, counter: Counter, delta: 1 | -1, at: string): Promise<number> {
  const start = Math.max(delta, 0);
  const { [counter]: value } = await trx
    .insertInto("product_stats")
    .values({ product_id: productId, likes: 0, shares: 0, views: 0, [counter]: start })
    .onConflict((oc) => oc.column("product_id").doUpdateSet((eb) => ({ [counter]: eb(eb.ref(`product_stats.${counter}`), "+", delta) })))
    .returning(counter)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("product_activity")
    .values({ product_id: productId, hour: hourOf(at), events: start })
    .onConflict((oc) => oc.columns(["product_id", "hour"]).doUpdateSet((eb) => ({ events: eb("product_activity.events", "+", delta) })))
    .execute();
  return value;
}

export async function countLikes(db: Kysely<Database>, productId: string): Promise<number> {
  return (await countLikesOf(db, [productId])).get(productId)!;
}

/** Like counts of several products at once, from product_stats (products without likes are 0). */
export async function countLikesOf(db: Kysely<Database>, productIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(productIds.map((id) => [id, 0]));
  if (productIds.length === 0) return counts;
  const rows = await db.selectFrom("product_stats").select(["product_id", "likes"]).where("product_id", "in", productIds).execute();
  for (const row of rows) counts.set(row.product_id, row.likes);
  return counts;
}

/** Idempotent: `changed` is false when the user already liked the product. */
export async function likeProduct(db: Kysely<Database>, userId: string, productId: string) {
  return inTransaction(db, async (trx) => {
    const createdAt = new Date().toISOString();
    const inserted = await trx
      .insertInto("product_likes")
      .values({ user_id: userId, product_id: productId, created_at: createdAt })
      .onConflict((oc) => oc.columns(["user_id", "product_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return { likes: await countLikes(trx, productId), changed: false };
    return { likes: await bump(trx, productId, "likes", 1, createdAt), changed: true };
  });
}

/** The like leaves its hour's engagement too, as if it had never been given. */
export async function unlikeProduct(db: Kysely<Database>, userId: string, productId: string) {
  return inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom("product_likes")
      .where("user_id", "=", userId)
      .where("product_id", "=", productId)
      .returning("created_at")
      .executeTakeFirst();
    if (!removed) return { likes: await countLikes(trx, productId), changed: false };
    return { likes: await bump(trx, productId, "likes", -1, removed.created_at), changed: true };
  });
}

export async function saveProduct(db: Kysely<Database>, userId: string, productId: string) {
  return { changed: await addMark(db, "product_saves", userId, productId) };
}

export async function unsaveProduct(db: Kysely<Database>, userId: string, productId: string) {
  return { changed: await removeMark(db, "product_saves", userId, productId) };
}

/** Counts at most one view per user, product and UTC hour; `counted` says whether this one did. */
export async function recordView(
  db: Kysely<Database>,
  userId: string,
  productId: string,
  at: Date = new Date(),
): Promise<{ counted: boolean }> {
  const viewedAt = at.toISOString();
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("product_views")
      .values({ user_id: userId, product_id: productId, hour_bucket: hourOf(viewedAt), viewed_at: viewedAt })
      .onConflict((oc) => oc.columns(["user_id", "product_id", "hour_bucket"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (inserted) await bump(trx, productId, "views", 1, viewedAt);
    return { counted: inserted !== undefined };
  });
}

export interface RecordShareInput {
  userId: string | null;
  productId: string;
  platform: string;
}

export async function recordShare(db: Kysely<Database>, input: RecordShareInput): Promise<{ id: string; shares: number }> {
  const id = newId("shr");
  const createdAt = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("product_shares")
      .values({ id, user_id: input.userId, product_id: input.productId, platform: input.platform, created_at: createdAt })
      .execute();
    return { id, shares: await bump(trx, input.productId, "shares", 1, createdAt) };
  });
}

export interface ReportProductInput {
  userId: string;
  productId: string;
  reason: string;
}

/** A reported product disappears from that user's feed (see findViewerMarks). */
export async function reportProduct(db: Kysely<Database>, input: ReportProductInput): Promise<{ id: string }> {
  const id = newId("rpt");
  await db
    .insertInto("product_reports")
    .values({
      id,
      user_id: input.userId,
      product_id: input.productId,
      reason: input.reason,
      created_at: new Date().toISOString(),
    })
    .execute();
  return { id };
}
