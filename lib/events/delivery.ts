import { z } from "zod";
import { emptySchema, joinTokenSchema, timestampSchema, type ChannelEvents } from "./common";

export const DELIVERY_STATUSES = ["pending", "assigned", "picked_up", "in_transit", "delivered", "cancelled"] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const locationUpdateSchema = z.object({
  latitude: z.number().finite().min(-90).max(90),
  longitude: z.number().finite().min(-180).max(180),
});

export const updateStatusSchema = z.object({ status: deliveryStatusSchema });

export const locationSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  recorded_at: timestampSchema,
  /** km/h from the previous point; null for the first one. */
  speed: z.number().nullable(),
});

export const deliverySchema = z.object({
  id: z.string(),
  status: deliveryStatusSchema,
  /** Absent on the public tracking topic. */
  customer_address: z.string().optional(),
  /** Exact for participants; rounded to a few hundred metres on the public tracking topic. */
  destination: z.object({ latitude: z.number(), longitude: z.number() }),
  origin: z.object({ latitude: z.number(), longitude: z.number() }),
  shop: z.object({ id: z.string(), name: z.string() }),
  /** First name only on the public tracking topic. */
  courier: z.object({ name: z.string() }).nullable(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  picked_up_at: timestampSchema.nullable(),
  delivered_at: timestampSchema.nullable(),
  cancelled_at: timestampSchema.nullable(),
});

export const deliveryDetailsSchema = z.object({
  delivery: deliverySchema,
  latest_location: locationSchema.nullable(),
  location_history: z.array(locationSchema),
  eta_seconds: z.number().int().nullable(),
});

export const statusChangedSchema = z.object({
  status: deliveryStatusSchema,
  delivered_at: timestampSchema.nullable(),
  updated_at: timestampSchema,
});

export const etaUpdatedSchema = z.object({ eta_seconds: z.number().int().nullable() });

export const deliveryEvents = {
  join: joinTokenSchema,
  in: {
    location_update: locationUpdateSchema,
    update_status: updateStatusSchema,
    get_eta: emptySchema,
  },
  out: {
    delivery_details: deliveryDetailsSchema,
    location_updated: locationSchema,
    status_changed: statusChangedSchema,
    eta_updated: etaUpdatedSchema,
  },
} satisfies ChannelEvents;

export type LocationUpdate = z.infer<typeof locationUpdateSchema>;
export type Location = z.infer<typeof locationSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type DeliveryDetails = z.infer<typeof deliveryDetailsSchema>;
export type StatusChanged = z.infer<typeof statusChangedSchema>;
export type EtaUpdated = z.infer<typeof etaUpdatedSchema>;
