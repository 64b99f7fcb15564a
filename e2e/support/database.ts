import { createDatabase, type StoreDatabase } from "../../server/store/db";
import { E2E_DATABASE_URL } from "./paths";

/** The e2e server's database, opened beside it, for arranging what no API makes (a link from days ago). */
export function openE2eDatabase(): StoreDatabase {
  return createDatabase(E2E_DATABASE_URL);
}
