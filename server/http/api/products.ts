import {
  createProductFieldsSchema,
  MAX_POSTER_BYTES,
  MAX_VIDEO_BYTES,
  POSTER_TYPES,
  updateProductSchema,
  VIDEO_TYPES,
  type ProductDto,
} from "@/lib/api/products";
import type { AppContext } from "../../services/context";
import { publishProduct } from "../../services/feed/publish-product";
import { isShopOwner, requireOwnProduct, requireOwnShop } from "../../services/ownership";
import { createProduct, listProductsByShop, shopMediaBytes, updateProduct } from "../../store/repositories/products.repository";
import { findShopById } from "../../store/repositories/shops.repository";
import type { Product } from "../../store/tables/products.table";
import { requireUserId } from "./auth";
import { removeUploads } from "./media";
import { receiveUploadForm, type UploadForm } from "./upload-form";
import { HttpError, readJson, sendJson, type ApiRouter } from "./router";

/** Both files at their limits plus room for the text fields and multipart framing. */
const MAX_FORM_BYTES = MAX_VIDEO_BYTES + MAX_POSTER_BYTES + 256 * 1024;
const UPLOAD_RULES = {
  video: { allowed: VIDEO_TYPES, maxBytes: MAX_VIDEO_BYTES },
  poster: { allowed: POSTER_TYPES, maxBytes: MAX_POSTER_BYTES },
};

export function toProductDto(product: Product): ProductDto {
  // The media's size is the shop's storage, not the product's.
  const { price_cents, media_bytes: _mediaBytes, ...rest } = product;
  return { ...rest, price: price_cents / 100 };
}

export function registerProductRoutes(router: ApiRouter, app: AppContext): void {
  /** Bytes the shop may still upload; Infinity with the quota off. */
  async function mediaQuotaLeft(shopId: string): Promise<number> {
    const quota = app.config.MEDIA_QUOTA_BYTES_PER_SHOP;
    return quota === 0 ? Infinity : quota - (await shopMediaBytes(app.db, shopId));
  }

  // POST /api/v1/shops/:shopId/products - multipart: name, description, price, currency, video, poster; starts as a draft
  router.add("POST", "/api/v1/shops/:shopId/products", async ({ req, res, params }) => {
    const shop = await requireOwnShop(app.db, await requireUserId(req, app.verifier), params.shopId);
    if (Number(req.headers["content-length"] ?? 0) > MAX_FORM_BYTES) throw new HttpError(413, "body_too_large");
    const quotaLeft = await mediaQuotaLeft(shop.id);
    if (quotaLeft <= 0) {
      app.limits.refused("media_quota");
      throw new HttpError(413, "media_quota_exceeded");
    }
    const form = await receiveUploadForm(app, req, res, UPLOAD_RULES, quotaLeft);
    const stored = Object.values(form.files).map((file) => file.url);
    let product: Product;
    try {
      const parsed = createProductFieldsSchema.safeParse(form.fields);
      if (!parsed.success) {
        throw new HttpError(422, "invalid_payload", { errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
      }
      const { name, description, price, currency } = parsed.data;
      product = await createProduct(app.db, {
        shopId: shop.id,
        name,
        description,
        priceCents: Math.round(price * 100),
        currency,
        videoUrl: requireFile(form, "video"),
        posterUrl: requireFile(form, "poster"),
        mediaBytes: form.bytes,
      });
    } catch (err) {
      // Bad fields, a missing file or a failed insert leave no file behind that no product points to.
      await removeUploads(app, stored);
      throw err;
    }
    sendJson(res, 201, { product: toProductDto(product) });
  });

  // GET /api/v1/shops/:shopId/products - published ones; the owner sees drafts too
  router.add("GET", "/api/v1/shops/:shopId/products", async ({ req, res, params }) => {
    const shop = await findShopById(app.db, params.shopId);
    if (!shop) throw new HttpError(404, "not_found");
    const userId = req.headers.authorization ? await requireUserId(req, app.verifier) : null;
    const products = await listProductsByShop(app.db, shop.id, { includeDrafts: isShopOwner(shop, userId) });
    sendJson(res, 200, { products: products.map(toProductDto) });
  });

  // PATCH /api/v1/products/:id - owner: name, description, price
  router.add("PATCH", "/api/v1/products/:id", async ({ req, res, params }) => {
    const { product } = await requireOwnProduct(app.db, await requireUserId(req, app.verifier), params.id);
    const { price, ...text } = await readJson(req, updateProductSchema);
    const updated = await updateProduct(app.db, product.id, {
      ...text,
      ...(price === undefined ? {} : { price_cents: Math.round(price * 100) }),
    });
    if (!updated) throw new HttpError(404, "not_found");
    sendJson(res, 200, { product: toProductDto(updated) });
  });

  // POST /api/v1/products/:id/publish - owner; the first publish reaches followers' feeds as new_item
  router.add("POST", "/api/v1/products/:id/publish", async ({ req, res, params }) => {
    const { product, shop } = await requireOwnProduct(app.db, await requireUserId(req, app.verifier), params.id);
    const published = await publishProduct(app, product, shop);
    if (!published) throw new HttpError(404, "not_found");
    sendJson(res, 200, { product: toProductDto(published) });
  });
}

function requireFile(form: UploadForm, field: string): string {
  const file = form.files[field];
  if (!file) throw new HttpError(422, "invalid_payload", { errors: [{ path: field, message: "file required" }] });
  return file.url;
}
