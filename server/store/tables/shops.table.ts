import type { Insertable, Selectable } from "kysely";

export interface ShopTable {
  id: string;
  owner_id: string;
  name: string;
  location: string;
  category: string;
  created_at: string;
}

export type Shop = Selectable<ShopTable>;
export type NewShop = Insertable<ShopTable>;
