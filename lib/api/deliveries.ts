import { z } from "zod";
import { deliverySchema, locationSchema } from "../events/delivery";

// Request and response shapes of /api/v1 delivery routes, shared with the browser.

const latLng = {
  latitude: z.number().finite().min(-90).max(90),
  longitude: z.number().finite().min(-180).max(180),
};

/** POST /api/v1/orders/:orderId/delivery; latitude/longitude are the destination. */
export const createDeliverySchema = z.object({
  customer_address: z.string().trim().min(1).max(500),
  ...latLng,
  customer_phone: z.string().trim().max(40).optional(),
  /** Where the courier starts; shops have no coordinates yet, so it defaults to the destination. */
  origin: z.object(latLng).optional(),
});

/** POST /api/v1/deliveries/:id/assign */
export const assignCourierSchema = z.object({ courier_id: z.string().min(1).max(128) });

/** What participants see over the API: the channel view plus ids, contact and the tracking link. */
export const deliveryRecordSchema = deliverySchema.extend({
  order_id: z.string().nullable(),
  customer_id: z.string(),
  courier_id: z.string().nullable(),
  customer_phone: z.string().nullable(),
  tracking_token: z.string(),
  tracking_url: z.string(),
  latest_location: locationSchema.nullable(),
});

export const deliveryResponseSchema = z.object({ delivery: deliveryRecordSchema });
export const deliveryListResponseSchema = z.object({ deliveries: z.array(deliveryRecordSchema) });

export const courierSchema = z.object({ id: z.string(), display_name: z.string() });
export const courierListResponseSchema = z.object({ couriers: z.array(courierSchema) });

export type CreateDelivery = z.infer<typeof createDeliverySchema>;
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;
export type Courier = z.infer<typeof courierSchema>;
