import type { Migration, MigrationProvider } from "kysely";
import * as usersShopsProducts from "./20261127130000_users_shops_products";
import * as engagement from "./20261127130100_engagement";
import * as chat from "./20261127130200_chat";
import * as notifications from "./20261127130300_notifications";
import * as ordersDeliveries from "./20261127130400_orders_deliveries";
import * as chatClientId from "./20261201100000_chat_client_id";
import * as usernamesIgnoreCase from "./20261201104500_usernames_ignore_case";
import * as privateRoomsDisabledUsers from "./20261201110000_private_rooms_disabled_users";
import * as chatRoomSeq from "./20261201130000_chat_room_seq";
import * as orderCancellation from "./20261201140000_order_cancellation";
import * as productStats from "./20261201150000_product_stats";
import * as feedSnapshots from "./20261201160000_feed_snapshots";
import * as productMediaBytes from "./20261201170000_product_media_bytes";

// Imported statically (not read from disk) so bundlers and tsx see every migration.
// Names are applied in alphabetical order, hence the timestamp prefix; never rename one.
export const migrations: Record<string, Migration> = {
  "20261127130000_users_shops_products": usersShopsProducts,
  "20261127130100_engagement": engagement,
  "20261127130200_chat": chat,
  "20261127130300_notifications": notifications,
  "20261127130400_orders_deliveries": ordersDeliveries,
  "20261201100000_chat_client_id": chatClientId,
  "20261201104500_usernames_ignore_case": usernamesIgnoreCase,
  "20261201110000_private_rooms_disabled_users": privateRoomsDisabledUsers,
  "20261201130000_chat_room_seq": chatRoomSeq,
  "20261201140000_order_cancellation": orderCancellation,
  "20261201150000_product_stats": productStats,
  "20261201160000_feed_snapshots": feedSnapshots,
  "20261201170000_product_media_bytes": productMediaBytes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
