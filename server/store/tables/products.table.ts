import type { Insertable, Selectable, Updateable } from "kysely";

export interface ProductTable {
  id: string;
  shop_id: string;
  name: string;
  description: string;
  price_cents: number;
  currency: string;
  video_url: string;
  poster_url: string;
  /** Bytes of the uploaded video and poster (0 for media not uploaded), counted against the shop's quota. */
  media_bytes: number;
  /** null while the product is a draft. */
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export type Product = Selectable<ProductTable>;
export type NewProduct = Insertable<ProductTable>;
export type ProductUpdate = Updateable<ProductTable>;
