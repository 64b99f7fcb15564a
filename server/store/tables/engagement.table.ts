import type { Selectable } from "kysely";

/** Shape shared by product_likes and product_saves: one row per user and product. */
export interface ProductMarkTable {
  user_id: string;
  product_id: string;
  created_at: string;
}

export interface ProductViewTable {
  user_id: string;
  product_id: string;
  /** UTC hour such as '2026-11-27T13': the unique key allows one counted view per hour. */
  hour_bucket: string;
  viewed_at: string;
}

export interface ProductShareTable {
  id: string;
  /** null for anonymous shares. */
  user_id: string | null;
  product_id: string;
  platform: string;
  created_at: string;
}

export interface ProductReportTable {
  id: string;
  user_id: string;
  product_id: string;
  reason: string;
  created_at: string;
}

/** A product's engagement totals, updated in the same transaction as each event (the feed reads them). */
export interface ProductStatsTable {
  product_id: string;
  likes: number;
  shares: number;
  views: number;
}

/** A product's engagement events (likes, shares, counted views) in one UTC hour: the ranking's windows. */
export interface ProductActivityTable {
  product_id: string;
  /** UTC hour such as '2026-11-27T13'. */
  hour: string;
  events: number;
}

export type ProductView = Selectable<ProductViewTable>;
export type ProductShare = Selectable<ProductShareTable>;
export type ProductReport = Selectable<ProductReportTable>;
