import type { Selectable } from "kysely";
import type { DeliveryStatus } from "@/lib/events/delivery";

export interface DeliveryTable {
  id: string;
  order_id: string | null;
  shop_id: string;
  customer_id: string;
  courier_id: string | null;
  status: DeliveryStatus;
  customer_address: string;
  /** Personal data: never expose through the public tracking view. */
  customer_phone: string | null;
  dest_latitude: number;
  dest_longitude: number;
  origin_latitude: number;
  origin_longitude: number;
  tracking_token: string;
  created_at: string;
  updated_at: string;
  picked_up_at: string | null;
  delivered_at: string | null;
  cancelled_at: string | null;
}

export interface DeliveryLocationTable {
  id: string;
  delivery_id: string;
  latitude: number;
  longitude: number;
  speed_kmh: number | null;
  recorded_at: string;
}

export type Delivery = Selectable<DeliveryTable>;
export type DeliveryLocation = Selectable<DeliveryLocationTable>;
