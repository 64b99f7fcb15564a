import type { Kysely } from "kysely";
import type { Database } from "../database";
import type { FollowTargetType } from "../tables/follows.table";

/** Idempotent: following twice keeps one row and reports created=false. */
export async function follow(
  db: Kysely<Database>,
  followerId: string,
  targetType: FollowTargetType,
  targetId: string,
): Promise<{ created: boolean }> {
  const inserted = await db
    .insertInto("follows")
    .values({ follower_id: followerId, target_type: targetType, target_id: targetId, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["follower_id", "target_type", "target_id"]).doNothing())
    .returning("follower_id")
    .execute();
  return { created: inserted.length > 0 };
}

export async function unfollow(
  db: Kysely<Database>,
  followerId: string,
  targetType: FollowTargetType,
  targetId: string,
): Promise<{ removed: boolean }> {
  const result = await db
    .deleteFrom("follows")
    .where("follower_id", "=", followerId)
    .where("target_type", "=", targetType)
    .where("target_id", "=", targetId)
    .executeTakeFirst();
  return { removed: Number(result.numDeletedRows) > 0 };
}

export async function isFollowing(
  db: Kysely<Database>,
  followerId: string,
  targetType: FollowTargetType,
  targetId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("follows")
    .select("follower_id")
    .where("follower_id", "=", followerId)
    .where("target_type", "=", targetType)
    .where("target_id", "=", targetId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listFollowerIds(db: Kysely<Database>, targetType: FollowTargetType, targetId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("follows")
    .select("follower_id")
    .where("target_type", "=", targetType)
    .where("target_id", "=", targetId)
    .orderBy("created_at")
    .orderBy("follower_id")
    .execute();
  return rows.map((r) => r.follower_id);
}

export async function countFollowers(db: Kysely<Database>, targetType: FollowTargetType, targetId: string): Promise<number> {
  const row = await db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("target_type", "=", targetType)
    .where("target_id", "=", targetId)
    .executeTakeFirstOrThrow();
  return row.n;
}
