import type { Kysely } from "kysely";
import type { Database } from "../database";
import { compiledOnce, type Placeholders } from "../compiled-query";
import { newId } from "../ids";
import type { Shop } from "../tables/shops.table";

export interface CreateShopInput {
  id?: string;
  ownerId: string;
  name: string;
  location: string;
  category: string;
}

/** Creates the shop and, in the same transaction, promotes a shopper owner to 'owner'. */
export async function createShop(db: Kysely<Database>, input: CreateShopInput): Promise<Shop> {
  const shop: Shop = {
    id: input.id ?? newId("shop"),
    owner_id: input.ownerId,
    name: input.name,
    location: input.location,
    category: input.category,
    created_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("shops").values(shop).execute();
    await trx
      .updateTable("users")
      .set({ role: "owner" })
      .where("id", "=", input.ownerId)
      .where("role", "=", "shopper")
      .execute();
  });
  return shop;
}

// Read on every courier position (the caller's roles): compiled once.
const selectShop = compiledOnce((db, p: Placeholders<{ id: string }>) => db.selectFrom("shops").selectAll().where("id", "=", p.value("id")));

export async function findShopById(db: Kysely<Database>, id: string): Promise<Shop | null> {
  return (await selectShop(db, { id }))[0] ?? null;
}

export async function listShopsByOwner(db: Kysely<Database>, ownerId: string): Promise<Shop[]> {
  return db.selectFrom("shops").selectAll().where("owner_id", "=", ownerId).orderBy("created_at").orderBy("id").execute();
}
