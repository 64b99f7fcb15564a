import { z } from "zod";
import { productShowcaseSchema } from "../events/feed";

// Request and response shapes of /api/v1 product routes, shared with the browser.

/** Prices travel as decimal numbers (24.99) and are stored in cents. */
const priceSchema = z.coerce
  .number()
  .positive()
  .max(1_000_000)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "at most two decimals");

const productTextFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000),
  price: priceSchema,
};

/** The text fields of the multipart POST /api/v1/shops/:shopId/products (files: video, poster). */
export const createProductFieldsSchema = z.object({
  ...productTextFields,
  description: productTextFields.description.default(""),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "ISO 4217 code such as USD").default("USD"),
});

/** PATCH /api/v1/products/:id */
export const updateProductSchema = z
  .object(productTextFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "nothing to update");

export const MAX_VIDEO_BYTES = 20 * 1024 * 1024;
export const MAX_POSTER_BYTES = 2 * 1024 * 1024;
export const VIDEO_TYPES = ["video/mp4", "video/webm"] as const;
export const POSTER_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export const productSchema = productShowcaseSchema.extend({
  id: z.string(),
  shop_id: z.string(),
  /** null while a draft. */
  published_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const productResponseSchema = z.object({ product: productSchema });
export const productListResponseSchema = z.object({ products: z.array(productSchema) });

export type CreateProductFields = z.infer<typeof createProductFieldsSchema>;
export type UpdateProduct = z.infer<typeof updateProductSchema>;
export type ProductDto = z.infer<typeof productSchema>;
