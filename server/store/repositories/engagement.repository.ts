import type { Kysely } from "kysely";
import type { Database } from "../database";
import { newId } from "../ids";

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

async function countForProduct(db: Kysely<Database>, table: "product_likes" | "product_shares", productId: string) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function countLikes(db: Kysely<Database>, productId: string): Promise<number> {
  return countForProduct(db, "product_likes", productId);
}

/** Like counts of several products at once (products without likes are 0). */
export async function countLikesOf(db: Kysely<Database>, productIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(productIds.map((id) => [id, 0]));
  if (productIds.length === 0) return counts;
  const rows = await db
    .selectFrom("product_likes")
    .select((eb) => ["product_id", eb.fn.countAll<number>().as("n")])
    .where("product_id", "in", productIds)
    .groupBy("product_id")
    .execute();
  for (const row of rows) counts.set(row.product_id, Number(row.n));
  return counts;
}

export function countShares(db: Kysely<Database>, productId: string): Promise<number> {
  return countForProduct(db, "product_shares", productId);
}

/** Idempotent: `changed` is false when the user already liked the product. */
export async function likeProduct(db: Kysely<Database>, userId: string, productId: string) {
  const changed = await addMark(db, "product_likes", userId, productId);
  return { likes: await countLikes(db, productId), changed };
}

export async function unlikeProduct(db: Kysely<Database>, userId: string, productId: string) {
  const changed = await removeMark(db, "product_likes", userId, productId);
  return { likes: await countLikes(db, productId), changed };
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
  const inserted = await db
    .insertInto("product_views")
    .values({ user_id: userId, product_id: productId, hour_bucket: viewedAt.slice(0, 13), viewed_at: viewedAt })
    .onConflict((oc) => oc.columns(["user_id", "product_id", "hour_bucket"]).doNothing())
    .returning("user_id")
    .execute();
  return { counted: inserted.length > 0 };
}

export interface RecordShareInput {
  userId: string | null;
  productId: string;
  platform: string;
}

export async function recordShare(db: Kysely<Database>, input: RecordShareInput): Promise<{ id: string; shares: number }> {
  const id = newId("shr");
  await db
    .insertInto("product_shares")
    .values({
      id,
      user_id: input.userId,
      product_id: input.productId,
      platform: input.platform,
      created_at: new Date().toISOString(),
    })
    .execute();
  return { id, shares: await countShares(db, input.productId) };
}

export interface ReportProductInput {
  userId: string;
  productId: string;
  reason: string;
}

/** A reported product disappears from that user's feed (see listFeedCandidates). */
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
