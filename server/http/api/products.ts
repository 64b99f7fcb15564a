import type { IncomingMessage } from "node:http";
import { Readable, Transform } from "node:stream";
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
import { createProduct, listProductsByShop, updateProduct } from "../../store/repositories/products.repository";
import { findShopById } from "../../store/repositories/shops.repository";
import type { Product } from "../../store/tables/products.table";
import { requireUserId } from "./auth";
import { removeUploads, storeUpload } from "./media";
import { HttpError, readJson, sendJson, type ApiRouter } from "./router";

/** Both files at their limits plus room for the text fields and multipart framing. */
const MAX_FORM_BYTES = MAX_VIDEO_BYTES + MAX_POSTER_BYTES + 256 * 1024;

export function toProductDto(product: Product): ProductDto {
  const { price_cents, ...rest } = product;
  return { ...rest, price: price_cents / 100 };
}

export function registerProductRoutes(router: ApiRouter, app: AppContext): void {
  // POST /api/v1/shops/:shopId/products - multipart: name, description, price, currency, video, poster; starts as a draft
  router.add("POST", "/api/v1/shops/:shopId/products", async ({ req, res, url, params }) => {
    const shop = await requireOwnShop(app.db, await requireUserId(req, app.verifier), params.shopId);
    const form = await readMultipart(req, url);
    const parsed = createProductFieldsSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
    if (!parsed.success) {
      throw new HttpError(422, "invalid_payload", { errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
    }
    const video = requireFile(form, "video");
    const poster = requireFile(form, "poster");
    const { name, description, price, currency } = parsed.data;
    const stored: string[] = [];
    let product: Product;
    try {
      const videoUrl = await storeUpload(app, "video", video, { allowed: VIDEO_TYPES, maxBytes: MAX_VIDEO_BYTES });
      stored.push(videoUrl);
      const posterUrl = await storeUpload(app, "poster", poster, { allowed: POSTER_TYPES, maxBytes: MAX_POSTER_BYTES });
      stored.push(posterUrl);
      product = await createProduct(app.db, {
        shopId: shop.id,
        name,
        description,
        priceCents: Math.round(price * 100),
        currency,
        videoUrl,
        posterUrl,
      });
    } catch (err) {
      // A refused poster or a failed insert leaves no file behind that no product points to.
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

/**
 * Parses multipart/form-data with the platform's own parser (undici's Request.formData), which
 * buffers the body: the stream is cut off past MAX_FORM_BYTES so a huge upload cannot fill memory.
 */
async function readMultipart(req: IncomingMessage, url: URL): Promise<FormData> {
  const contentType = req.headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) throw new HttpError(415, "multipart_form_data_required");
  if (Number(req.headers["content-length"] ?? 0) > MAX_FORM_BYTES) throw new HttpError(413, "body_too_large");
  let received = 0;
  let tooLarge = false;
  const limited = req.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > MAX_FORM_BYTES) {
          tooLarge = true;
          return callback(new Error("body too large"));
        }
        callback(null, chunk);
      },
    }),
  );
  const request = new Request(url, {
    method: "POST",
    headers: { "content-type": contentType },
    body: Readable.toWeb(limited) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  try {
    return await request.formData();
  } catch {
    if (tooLarge) throw new HttpError(413, "body_too_large");
    throw new HttpError(400, "invalid_form_data");
  }
}

function requireFile(form: FormData, field: string): File {
  const value = form.get(field);
  if (!(value instanceof File) || value.size === 0) {
    throw new HttpError(422, "invalid_payload", { errors: [{ path: field, message: "file required" }] });
  }
  return value;
}
