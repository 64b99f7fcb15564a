import type { ChatMemberTable, ChatMessageTable, ChatRoomTable, MessageReadTable, AssistantConversationTable } from "./tables/chat.table";
import type { DeliveryLocationTable, DeliveryTable } from "./tables/deliveries.table";
import type {
  ProductActivityTable,
  ProductMarkTable,
  ProductReportTable,
  ProductShareTable,
  ProductStatsTable,
  ProductViewTable,
} from "./tables/engagement.table";
import type { FollowTable } from "./tables/follows.table";
import type { NotificationTable } from "./tables/notifications.table";
import type { OrderTable, PaymentTable } from "./tables/orders.table";
import type { ProductTable } from "./tables/products.table";
import type { ShopTable } from "./tables/shops.table";
import type { UserTable } from "./tables/users.table";

import type { FeedSnapshotTable } from "./tables/feed-snapshots.table";

export interface Database {
  users: UserTable;
  shops: ShopTable;
  products: ProductTable;
  follows: FollowTable;
  product_likes: ProductMarkTable;
  product_saves: ProductMarkTable;
  product_views: ProductViewTable;
  product_shares: ProductShareTable;
  product_reports: ProductReportTable;
  product_stats: ProductStatsTable;
  product_activity: ProductActivityTable;
  feed_snapshots: FeedSnapshotTable;
  chat_rooms: ChatRoomTable;
  chat_members: ChatMemberTable;
  chat_messages: ChatMessageTable;
  message_reads: MessageReadTable;
  assistant_conversations: AssistantConversationTable;
  notifications: NotificationTable;
  orders: OrderTable;
  payments: PaymentTable;
  deliveries: DeliveryTable;
  delivery_locations: DeliveryLocationTable;
}
