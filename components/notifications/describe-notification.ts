import type { Notification } from "@/lib/events";
import type { IconName } from "@/components/layout/icon";
import { formatPrice } from "@/lib/format-price";

export interface NotificationView {
  icon: IconName;
  text: string;
  /** Where the notification is about; null when there is no page for it. */
  href: string | null;
}

function field(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

const STATUS_LABEL: Record<string, string> = {
  assigned: "has a courier",
  picked_up: "was picked up",
  in_transit: "is on its way",
  delivered: "was delivered",
  cancelled: "was cancelled",
};

/** The sentence, icon and link of a notification, from its type and data. */
export function describeNotification({ type, data }: Notification): NotificationView {
  const f = (key: string) => field(data, key);
  switch (type) {
    case "follow":
      return { icon: "user", text: `${f("follower_name") ?? f("follower_id") ?? "Someone"} started following you`, href: null };
    case "product_like": {
      const product = f("product_id");
      return {
        icon: "heart",
        text: `${f("username") ?? f("user_id") ?? "Someone"} liked ${f("product_name") ?? "your product"}`,
        href: product ? `/?product=${encodeURIComponent(product)}` : null,
      };
    }
    case "new_message": {
      const room = f("room_id");
      const preview = f("preview");
      return {
        icon: "chat",
        text: `${f("from") ?? "New message"}${preview ? `: ${preview}` : ""}`,
        href: room ? `/chat/${encodeURIComponent(room)}` : "/chat",
      };
    }
    case "delivery_update": {
      const delivery = f("delivery_id");
      const status = f("status");
      return {
        icon: "truck",
        text: `Your delivery ${(status && STATUS_LABEL[status]) ?? "was updated"}`,
        href: delivery ? `/deliveries/${encodeURIComponent(delivery)}` : "/orders",
      };
    }
    case "order_confirmed":
      return { icon: "check", text: `${f("shop_name") ?? "The shop"} confirmed your order`, href: orderHref(f("order_id")) };
    case "payment_received": {
      // `amount` is in major units (lib/events/notifications.ts).
      const amount = Number(f("amount"));
      const shown = f("amount") !== null && Number.isFinite(amount) ? ` ${formatPrice(amount, f("currency") ?? "USD")}` : "";
      return { icon: "card", text: `Payment received${shown}`, href: orderHref(f("order_id")) };
    }
    case "order_cancelled": {
      const refund = data.refund_due === true ? ": refund due" : "";
      return { icon: "card", text: `${f("customer_name") ?? "A shopper"} cancelled an order of ${f("product_name") ?? "a product"}${refund}`, href: "/shop#orders" };
    }
  }
}

function orderHref(orderId: string | null): string {
  return orderId ? `/orders#${encodeURIComponent(orderId)}` : "/orders";
}
