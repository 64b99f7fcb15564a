import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { sql } from "kysely";
import { productListResponseSchema, productResponseSchema } from "@/lib/api/products";
import { useTestApp } from "../support/app";

const t = useTestApp();

// The smallest headers the server recognises by content.
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(64)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]);

function productForm(fields: Record<string, string>, files: { video?: Buffer; poster?: Buffer; videoType?: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (files.video) form.set("video", new Blob([new Uint8Array(files.video)], { type: files.videoType ?? "video/mp4" }), "clip.mp4");
  if (files.poster) form.set("poster", new Blob([new Uint8Array(files.poster)], { type: "image/jpeg" }), "poster.jpg");
  return form;
}

const fields = { name: "Clip-on Ring Light", description: "Three colour temperatures.", price: "24.99", currency: "USD" };

async function upload(userId: string | null, form: FormData, shopId = "shop_1") {
  const headers: Record<string, string> = userId ? { authorization: `Bearer ${await t.token(userId)}` } : {};
  const res = await fetch(`${t.httpUrl}/api/v1/shops/${shopId}/products`, { method: "POST", headers, body: form });
  return { status: res.status, body: await res.json() };
}

describe("POST /api/v1/shops/:shopId/products", () => {
  it("lets the owner create a draft with a video and a poster, served from /media/uploads", async () => {
    const { status, body } = await upload("owner1", productForm(fields, { video: MP4, poster: JPEG }));
    expect(status).toBe(201);
    const { product } = productResponseSchema.parse(body);
    expect(product).toMatchObject({ shop_id: "shop_1", name: "Clip-on Ring Light", price: 24.99, currency: "USD", published_at: null });
    expect(product.video_url).toMatch(/^\/media\/uploads\/video_\w+\.mp4$/);

    const video = await fetch(`${t.httpUrl}${product.video_url}`);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await video.arrayBuffer())).toEqual(MP4);
    const range = await fetch(`${t.httpUrl}${product.video_url}`, { headers: { range: "bytes=4-11" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe(`bytes 4-11/${MP4.length}`);
    expect(await range.text()).toBe("ftypisom");
    const poster = await fetch(`${t.httpUrl}${product.poster_url}`);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuses strangers and anonymous callers", async () => {
    expect((await upload("owner2", productForm(fields, { video: MP4, poster: JPEG }))).status).toBe(403);
    expect((await upload(null, productForm(fields, { video: MP4, poster: JPEG }))).status).toBe(401);
    expect((await upload("owner1", productForm(fields, { video: MP4, poster: JPEG }), "shop_nope")).status).toBe(404);
  });

  it("rejects a file that is not a video, whatever type it claims", async () => {
    const text = Buffer.from("definitely not a video, just text pretending to be one ".repeat(4));
    const { status, body } = await upload("owner1", productForm(fields, { video: text, poster: JPEG, videoType: "video/mp4" }));
    expect(status).toBe(415);
    expect(body).toMatchObject({ error: "unsupported_media_type", field: "video" });
    // A JPEG is not a video either.
    expect((await upload("owner1", productForm(fields, { video: JPEG, poster: JPEG }))).status).toBe(415);
  });

  it("rejects an oversize video and an oversize poster", async () => {
    const bigVideo = Buffer.concat([MP4, Buffer.alloc(20 * 1024 * 1024)]);
    const video = await upload("owner1", productForm(fields, { video: bigVideo, poster: JPEG }));
    expect(video).toMatchObject({ status: 413, body: { error: "file_too_large", field: "video" } });
    const bigPoster = Buffer.concat([JPEG, Buffer.alloc(2 * 1024 * 1024)]);
    expect(await upload("owner1", productForm(fields, { video: MP4, poster: bigPoster }))).toMatchObject({ status: 413, body: { field: "poster" } });
  });

  it("leaves no file behind when the poster is refused after the video, or when the insert fails", async () => {
    const mediaDir = t.app.context.config.MEDIA_DIR;
    const files = () => (existsSync(mediaDir) ? readdirSync(mediaDir).sort() : []);
    const before = files();
    expect((await upload("owner1", productForm(fields, { video: MP4, poster: MP4 }))).status).toBe(415);
    expect(files()).toEqual(before);
    const db = t.app.context.db;
    const postgres = t.app.store.dialect === "postgres";
    if (postgres) {
      await sql`create function refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(db);
      await sql`create trigger refuse_products before insert on products for each row execute function refuse_insert()`.execute(db);
    } else {
      await sql`create trigger refuse_products before insert on products begin select raise(abort, 'refused'); end`.execute(db);
    }
    try {
      expect((await upload("owner1", productForm(fields, { video: MP4, poster: JPEG }))).status).toBe(500);
    } finally {
      if (postgres) await sql`drop function refuse_insert() cascade`.execute(db);
      else await sql`drop trigger refuse_products`.execute(db);
    }
    expect(files()).toEqual(before);
  });

  it("rejects missing files and bad fields", async () => {
    expect((await upload("owner1", productForm(fields, { poster: JPEG }))).status).toBe(422);
    expect((await upload("owner1", productForm({ ...fields, price: "12.345" }, { video: MP4, poster: JPEG }))).status).toBe(422);
  });
});

describe("listing, editing and publishing", () => {
  it("shows drafts to the owner only, lets the owner edit and publish", async () => {
    const { body } = await upload("owner1", productForm({ ...fields, name: "Draft Lamp" }, { video: MP4, poster: JPEG }));
    const id = body.product.id;
    const ownerList = productListResponseSchema.parse((await t.api("owner1", "GET", "/api/v1/shops/shop_1/products")).body);
    expect(ownerList.products.map((p) => p.id)).toContain(id);
    for (const viewer of ["user123", null]) {
      const list = await t.api(viewer, "GET", "/api/v1/shops/shop_1/products");
      expect(list.status).toBe(200);
      expect(list.body.products.map((p: any) => p.id)).not.toContain(id);
      expect(list.body.products.map((p: any) => p.id)).toContain("prod_123");
    }

    expect((await t.api("owner2", "PATCH", `/api/v1/products/${id}`, { price: 19.5 })).status).toBe(403);
    expect((await t.api("owner1", "PATCH", `/api/v1/products/${id}`, {})).status).toBe(422);
    const patched = await t.api("owner1", "PATCH", `/api/v1/products/${id}`, { name: "Desk Lamp", price: 19.5 });
    expect(patched).toMatchObject({ status: 200, body: { product: { name: "Desk Lamp", price: 19.5, description: fields.description } } });

    expect((await t.api("user123", "POST", `/api/v1/products/${id}/publish`)).status).toBe(403);
    expect((await t.api("owner1", "POST", "/api/v1/products/prod_nope/publish")).status).toBe(404);
    const published = await t.api("owner1", "POST", `/api/v1/products/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.product.published_at).toEqual(expect.any(String));
    expect((await t.api(null, "GET", "/api/v1/shops/shop_1/products")).body.products.map((p: any) => p.id)).toContain(id);
  });
});

describe("GET /media/uploads/<file>", () => {
  it("serves only stored names inside MEDIA_DIR", async () => {
    for (const bad of ["..%2F..%2Fetc%2Fpasswd", "..%2Ftest.db", "nope.mp4", "x.exe"]) {
      expect((await fetch(`${t.httpUrl}/media/uploads/${bad}`)).status).toBe(404);
    }
  });
});
