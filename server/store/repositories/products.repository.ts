import { sql, type Kysely } from "kysely";
import type { Database } from "../database";
import { newId } from "../ids";
import type { Product } from "../tables/products.table";
import { compiledOnce, type Placeholders } from "../compiled-query";

export interface CreateProductInput {
  id?: string;
  shopId: string;
  name: string;
  description: string;
  priceCents: number;
  currency?: string;
  videoUrl: string;
  posterUrl: string;
  /** Bytes of the uploaded video and poster. */
  mediaBytes?: number;
  /** Publish immediately; otherwise the product starts as a draft. */
  publish?: boolean;
}

export async function createProduct(db: Kysely<Database>, input: CreateProductInput): Promise<Product> {
  const now = new Date().toISOString();
  const product: Product = {
    id: input.id ?? newId("prod"),
    shop_id: input.shopId,
    name: input.name,
    description: input.description,
    price_cents: input.priceCents,
    currency: input.currency ?? "USD",
    video_url: input.videoUrl,
    poster_url: input.posterUrl,
    media_bytes: input.mediaBytes ?? 0,
    published_at: input.publish ? now : null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("products").values(product).execute();
  return product;
}

/** What the shop's uploaded media take, bytes: what its quota is counted against. */
export async function shopMediaBytes(db: Kysely<Database>, shopId: string): Promise<number> {
  const row = await db.selectFrom("products").select(sql<number>`coalesce(sum(media_bytes), 0)`.as("bytes")).where("shop_id", "=", shopId).executeTakeFirstOrThrow();
  // PostgreSQL sums integers as bigint, which pg returns as text.
  return Number(row.bytes);
}

export type ProductPatch = Partial<Pick<Product, "name" | "description" | "price_cents" | "currency" | "video_url" | "poster_url">>;

/** Returns the updated product, or null when it does not exist. */
export async function updateProduct(db: Kysely<Database>, id: string, patch: ProductPatch): Promise<Product | null> {
  const row = await db
    .updateTable("products")
    .set({ ...patch, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Publishes a draft; an already published product keeps its original published_at. */
export async function publishProduct(db: Kysely<Database>, id: string): Promise<Product | null> {
  const now = new Date().toISOString();
  const row = await db
    .updateTable("products")
    .set((eb) => ({ published_at: eb.fn.coalesce("published_at", eb.val(now)), updated_at: now }))
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findProductById(db: Kysely<Database>, id: string): Promise<Product | null> {
  return (await db.selectFrom("products").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

/** Newest first; drafts only when asked (e.g. for the shop owner's own view). */
export async function listProductsByShop(
  db: Kysely<Database>,
  shopId: string,
  { includeDrafts = false }: { includeDrafts?: boolean } = {},
): Promise<Product[]> {
  let query = db.selectFrom("products").selectAll().where("shop_id", "=", shopId);
  if (!includeDrafts) query = query.where("published_at", "is not", null);
  return query.orderBy("created_at", "desc").orderBy("id", "desc").execute();
}

export interface FeedProduct extends Product {
  shop: { id: string; name: string };
  likes: number;
  shares: number;
  views: number;
  liked_by_me: boolean;
  saved_by_me: boolean;
}

/** What the discovery ranking weighs (services/feed/discovery.ts), per product, for one viewer. */
export interface FeedCandidate extends FeedProduct {
  /** Likes, shares and views of the last 7 days, the last 24 hours counted twice. */
  recent_activity: number;
  followed_shop: boolean;
  /** When this viewer last watched it within the last 24 hours; null if not. */
  viewed_at: string | null;
}

export interface FeedCandidateOptions {
  /** Only these products (a page of a ranked snapshot); every candidate when absent. */
  ids?: readonly string[];
  /** Reference time for the 7-day and 24-hour windows; tests pin it. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The newest this many published products are ranked; older ones have decayed out of the feed. */
export const MAX_FEED_CANDIDATES = 500;

/** The ranking's time windows: the last 7 days and 24 hours, by whole UTC hours of product_activity. */
function windowsAt(now: Date) {
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  return { weekAgoHour: new Date(now.getTime() - 7 * DAY_MS).toISOString().slice(0, 13), dayAgo, dayAgoHour: dayAgo.slice(0, 13) };
}

type Windows = ReturnType<typeof windowsAt>;

/** Likes, shares and views per product of the last 7 days, the last 24 hours counted twice: at most 168 hourly rows each. */
function recentActivity(db: Kysely<Database>, p: Placeholders<Windows>) {
  return db
    .selectFrom("product_activity as a")
    .select((eb) => [
      "a.product_id",
      eb(
        eb.fn.sum<number>("a.events"),
        "+",
        eb.fn.sum<number>(eb.case().when("a.hour", ">=", p.value("dayAgoHour")).then(eb.ref("a.events")).else(0).end()),
      ).as("score"),
    ])
    .where("a.hour", ">=", p.value("weekAgoHour"))
    .groupBy("a.product_id");
}

interface ViewerArgs {
  userId: string;
  ids: readonly string[] | null;
  limit: number;
}

/**
 * Published products the user may see (never drafts, never what they reported) with their counts
 * and the user's like and save, newest first; only `ids` when given.
 */
function feedProducts(db: Kysely<Database>, p: Placeholders<ViewerArgs>, ids: readonly string[] | null) {
  return db
    .selectFrom("products as p")
    .innerJoin("shops as s", "s.id", "p.shop_id")
    .leftJoin("product_stats as st", "st.product_id", "p.id")
    .selectAll("p")
    .select((eb) => [
      "s.name as shop_name",
      eb.fn.coalesce("st.likes", sql.lit(0)).as("likes"),
      eb.fn.coalesce("st.shares", sql.lit(0)).as("shares"),
      eb.fn.coalesce("st.views", sql.lit(0)).as("views"),
      eb
        .exists(eb.selectFrom("product_likes as l").select("l.user_id").whereRef("l.product_id", "=", "p.id").where("l.user_id", "=", p.value("userId")))
        .as("liked_by_me"),
      eb
        .exists(eb.selectFrom("product_saves as v").select("v.user_id").whereRef("v.product_id", "=", "p.id").where("v.user_id", "=", p.value("userId")))
        .as("saved_by_me"),
    ])
    .where("p.published_at", "is not", null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("product_reports as r").select("r.id").whereRef("r.product_id", "=", "p.id").where("r.user_id", "=", p.value("userId")),
        ),
      ),
    )
    .$if(ids !== null, (qb) => qb.where("p.id", "in", p.list("ids", ids!.length)))
    .orderBy("p.published_at", "desc")
    .orderBy("p.id", "desc")
    .limit(p.value("limit"));
}

const selectFeedProducts = compiledOnce((db, p: Placeholders<ViewerArgs>, { ids }: ViewerArgs) => feedProducts(db, p, ids));

const selectFeedCandidates = compiledOnce(
  (db, p: Placeholders<ViewerArgs & Windows>, { ids }: ViewerArgs & Windows) =>
    feedProducts(db, p, ids)
      .leftJoin(recentActivity(db, p).as("act"), "act.product_id", "p.id")
      .select((eb) => [
        eb.fn.coalesce("act.score", sql.lit(0)).as("recent_activity"),
        eb
          .exists(
            eb
              .selectFrom("follows as f")
              .select("f.follower_id")
              .where("f.follower_id", "=", p.value("userId"))
              .where("f.target_type", "=", "shop")
              .whereRef("f.target_id", "=", "p.shop_id"),
          )
          .as("followed_shop"),
        eb
          .selectFrom("product_views as w")
          .select((w) => w.fn.max("w.viewed_at").as("at"))
          .whereRef("w.product_id", "=", "p.id")
          .where("w.user_id", "=", p.value("userId"))
          .where("w.viewed_at", ">=", p.value("dayAgo"))
          .as("viewed_at"),
      ]),
);

type FeedProductRow = Awaited<ReturnType<typeof selectFeedProducts>>[number];

/**
 * Field by field: a row from better-sqlite3 is a slow-mode object, and spreading or rest-destructuring
 * one costs several microseconds, more than reading a page of them from SQLite.
 */
function toFeedProduct(row: FeedProductRow): FeedProduct {
  return {
    id: row.id,
    shop_id: row.shop_id,
    name: row.name,
    description: row.description,
    price_cents: row.price_cents,
    currency: row.currency,
    video_url: row.video_url,
    poster_url: row.poster_url,
    media_bytes: row.media_bytes,
    published_at: row.published_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    shop: { id: row.shop_id, name: row.shop_name },
    likes: Number(row.likes),
    shares: Number(row.shares),
    views: Number(row.views),
    // SQLite returns 0/1 and Postgres true/false for EXISTS.
    liked_by_me: Boolean(row.liked_by_me),
    saved_by_me: Boolean(row.saved_by_me),
  };
}

/** The products of a feed page (`ids`) the user may see, with counts as they are now and their like and save. */
export async function listFeedProducts(db: Kysely<Database>, userId: string, ids: readonly string[]): Promise<FeedProduct[]> {
  if (ids.length === 0) return [];
  return (await selectFeedProducts(db, { userId, ids, limit: ids.length })).map(toFeedProduct);
}

/**
 * Published products the user may see in the feed (never drafts, never what they reported), with
 * what the ranking needs: counts, recent activity (whole UTC hours from product_activity, kept up to
 * date by each event's write), whether the user follows the shop, liked, saved or recently viewed it.
 * Unordered: the ranking is services/feed/discovery.ts.
 */
export async function listFeedCandidates(db: Kysely<Database>, userId: string, { ids, now = new Date() }: FeedCandidateOptions = {}): Promise<FeedCandidate[]> {
  if (ids?.length === 0) return [];
  const rows = await selectFeedCandidates(db, { ...windowsAt(now), userId, ids: ids ?? null, limit: ids?.length ?? MAX_FEED_CANDIDATES });
  return rows.map((row) => ({
    ...toFeedProduct(row),
    recent_activity: Number(row.recent_activity),
    followed_shop: Boolean(row.followed_shop),
    viewed_at: (row.viewed_at as string | null) ?? null,
  }));
}

/** What the ranking weighs of a published product that is the same for every viewer. */
export type RankedProduct = Pick<FeedCandidate, "id" | "shop_id" | "published_at" | "created_at" | "recent_activity">;

const selectRankedProducts = compiledOnce((db, p: Placeholders<Windows & { limit: number }>) =>
  db
    .selectFrom("products as p")
    .leftJoin(recentActivity(db, p).as("act"), "act.product_id", "p.id")
    .select((eb) => ["p.id", "p.shop_id", "p.published_at", "p.created_at", eb.fn.coalesce("act.score", sql.lit(0)).as("recent_activity")])
    .where("p.published_at", "is not", null)
    .orderBy("p.published_at", "desc")
    .orderBy("p.id", "desc")
    .limit(p.value("limit")),
);

/** The newest MAX_FEED_CANDIDATES published products with their recent activity: every viewer's candidates before their own marks. */
export async function listRankedProducts(db: Kysely<Database>, now = new Date()): Promise<RankedProduct[]> {
  const rows = await selectRankedProducts(db, { ...windowsAt(now), limit: MAX_FEED_CANDIDATES });
  return rows.map((row) => ({ id: row.id, shop_id: row.shop_id, published_at: row.published_at, created_at: row.created_at, recent_activity: Number(row.recent_activity) }));
}

/** What one viewer did that the ranking weighs: liked, followed shops, watched in the last 24 hours, reported. */
export interface ViewerMarks {
  liked: Set<string>;
  followedShops: Set<string>;
  /** Product id to the viewer's last view of it within the last 24 hours. */
  viewedAt: Map<string, string>;
  reported: Set<string>;
}

const selectViewerMarks = compiledOnce((db, p: Placeholders<{ userId: string; dayAgo: string }>) =>
  db
    .selectFrom("product_likes")
    .select(["product_id as id", sql<string>`'liked'`.as("kind"), sql<string | null>`null`.as("at")])
    .where("user_id", "=", p.value("userId"))
    .unionAll(
      db
        .selectFrom("follows")
        .select(["target_id as id", sql<string>`'followed'`.as("kind"), sql<string | null>`null`.as("at")])
        .where("follower_id", "=", p.value("userId"))
        .where("target_type", "=", "shop"),
    )
    .unionAll(
      db
        .selectFrom("product_views")
        .select((eb) => ["product_id as id", sql<string>`'viewed'`.as("kind"), eb.fn.max<string | null>("viewed_at").as("at")])
        .where("user_id", "=", p.value("userId"))
        .where("viewed_at", ">=", p.value("dayAgo"))
        .groupBy("product_id"),
    )
    .unionAll(
      db
        .selectFrom("product_reports")
        .select(["product_id as id", sql<string>`'reported'`.as("kind"), sql<string | null>`null`.as("at")])
        .where("user_id", "=", p.value("userId")),
    ),
);

export async function findViewerMarks(db: Kysely<Database>, userId: string, now = new Date()): Promise<ViewerMarks> {
  const marks: ViewerMarks = { liked: new Set(), followedShops: new Set(), viewedAt: new Map(), reported: new Set() };
  for (const { id, kind, at } of await selectViewerMarks(db, { userId, dayAgo: windowsAt(now).dayAgo })) {
    if (kind === "liked") marks.liked.add(id);
    else if (kind === "followed") marks.followedShops.add(id);
    else if (kind === "viewed") marks.viewedAt.set(id, at!);
    else marks.reported.add(id);
  }
  return marks;
}

/** Published products whose name contains every word (case-insensitive), newest first. */
export async function searchPublishedProducts(
  db: Kysely<Database>,
  words: string[],
  limit = 5,
): Promise<Array<Product & { shop_name: string }>> {
  // LIKE wildcards in the user's words are matched literally.
  const pattern = (word: string) => `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let query = db
    .selectFrom("products as p")
    .innerJoin("shops as s", "s.id", "p.shop_id")
    .selectAll("p")
    .select("s.name as shop_name")
    .where("p.published_at", "is not", null);
  for (const word of words) query = query.where(sql<boolean>`lower(p.name) like ${pattern(word)} escape '\\'`);
  return query.orderBy("p.published_at", "desc").orderBy("p.id", "desc").limit(limit).execute();
}

export async function countPublishedProducts(db: Kysely<Database>, shopId: string): Promise<number> {
  const row = await db
    .selectFrom("products")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("shop_id", "=", shopId)
    .where("published_at", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
