import type { Kysely } from "kysely";
import type { Database } from "@/server/store/database";
import { newLocation, type InsertLocationInput } from "@/server/store/repositories/deliveries.repository";
import type { DeliveryLocation } from "@/server/store/tables/deliveries.table";

/**
 * A point stored with no courier/status/latest-point check: a test's history, or what another node
 * stored behind this one's back. The product stores points only through insertLocationWhile.
 */
export async function storeLocation(db: Kysely<Database>, input: InsertLocationInput): Promise<DeliveryLocation> {
  const location = newLocation(input);
  await db.insertInto("delivery_locations").values(location).execute();
  return location;
}
