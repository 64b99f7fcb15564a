import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { productListResponseSchema, productResponseSchema } from "@/lib/api/products";
import { startTestApp, useTestApp, type TestApp } from "../support/app";
import { limitRefusals } from "../support/metrics";
import { refuseInserts } from "../support/refuse-inserts";
import { waitFor } from "../support/phoenix";

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

async function upload(userId: string | null, form: FormData, shopId = "shop_1", server: TestApp = t) {
  const headers: Record<string, string> = userId ? { authorization: `Bearer ${await server.token(userId)}` } : {};
  const res = await fetch(`${server.httpUrl}/api/v1/shops/${shopId}/products`, { method: "POST", headers, body: form });
  return { status: res.status, body: await res.json() };
}

/** The form sent as it is read, in chunks without a Content-Length: the server learns the sizes only while it streams. */
async function streamedUpload(userId: string, form: FormData, server: TestApp = t) {
  const encoded = new Response(form);
  const res = await fetch(`${server.httpUrl}/api/v1/shops/shop_1/products`, {
    method: "POST",
    headers: { authorization: `Bearer ${await server.token(userId)}`, "content-type": encoded.headers.get("content-type")! },
    body: encoded.body,
    duplex: "half",
  } as RequestInit);
  return { status: res.status, body: await res.json() };
}

/** Everything in the server's MEDIA_DIR, temporary files included. */
function mediaFiles(server: TestApp = t): string[] {
  const dir = server.app.context.config.MEDIA_DIR;
  return existsSync(dir) ? readdirSync(dir).sort() : [];
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

  it("streams an upload of unknown length to disk", async () => {
    const video = Buffer.concat([MP4, Buffer.alloc(3 * 1024 * 1024, 7)]);
    const { status, body } = await streamedUpload("owner1", productForm(fields, { video, poster: JPEG }));
    expect(status).toBe(201);
    const stored = await fetch(`${t.httpUrl}${body.product.video_url}`);
    expect(Buffer.from(await stored.arrayBuffer()).equals(video)).toBe(true);
    expect(mediaFiles().filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("refuses a streamed video past its limit while it arrives, and keeps nothing of it", async () => {
    const before = mediaFiles();
    const refusals = await limitRefusals(t, "upload_bytes");
    const bigVideo = Buffer.concat([MP4, Buffer.alloc(20 * 1024 * 1024)]);
    const { status, body } = await streamedUpload("owner1", productForm(fields, { video: bigVideo, poster: JPEG }));
    expect(status).toBe(413);
    expect(body).toEqual({ error: "file_too_large", field: "video", max_bytes: 20 * 1024 * 1024 });
    expect(mediaFiles()).toEqual(before);
    expect(await limitRefusals(t, "upload_bytes")).toBe(refusals + 1);
  });

  it("refuses a second file for the same field, and an unknown file field, keeping nothing", async () => {
    const before = mediaFiles();
    const twice = productForm(fields, { video: MP4 });
    twice.append("video", new Blob([new Uint8Array(MP4)], { type: "video/mp4" }), "again.mp4");
    const second = await upload("owner1", twice);
    expect(second).toMatchObject({ status: 422, body: { errors: [{ path: "video", message: "unexpected file" }] } });
    const unknown = productForm(fields, { video: MP4 });
    unknown.set("thumbnail", new Blob([new Uint8Array(JPEG)], { type: "image/jpeg" }), "thumb.jpg");
    expect(await upload("owner1", unknown)).toMatchObject({ status: 422, body: { errors: [{ path: "thumbnail" }] } });
    // More files than the form has fields for.
    const many = productForm(fields, { video: MP4, poster: JPEG });
    many.append("poster", new Blob([new Uint8Array(JPEG)], { type: "image/jpeg" }), "again.jpg");
    expect(await upload("owner1", many)).toMatchObject({ status: 413, body: { error: "too_many_parts" } });
    expect(mediaFiles()).toEqual(before);
  });

  it("keeps nothing of a form cut off in the middle of a file", async () => {
    const before = mediaFiles();
    const boundary = "cutoff";
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="video"; filename="clip.mp4"\r\ncontent-type: video/mp4\r\n\r\n`;
    const res = await fetch(`${t.httpUrl}/api/v1/shops/shop_1/products`, {
      method: "POST",
      headers: { authorization: `Bearer ${await t.token("owner1")}`, "content-type": `multipart/form-data; boundary=${boundary}` },
      body: Buffer.concat([Buffer.from(head), MP4, Buffer.alloc(100_000)]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_form_data" });
    expect(mediaFiles()).toEqual(before);
  });

  it("keeps nothing of an upload whose client went away in the middle", async () => {
    const before = mediaFiles();
    const boundary = "goingaway";
    const req = request(`${t.httpUrl}/api/v1/shops/shop_1/products`, {
      method: "POST",
      headers: { authorization: `Bearer ${await t.token("owner1")}`, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    req.on("error", () => {});
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="video"; filename="clip.mp4"\r\ncontent-type: video/mp4\r\n\r\n`);
    req.write(Buffer.concat([MP4, Buffer.alloc(256 * 1024)]));
    // The temporary file exists while the video arrives...
    await waitFor(() => mediaFiles().some((f) => f.startsWith(".upload-")), 5000, "the upload's temporary file");
    req.destroy();
    // ...and is gone once the client has left.
    await waitFor(() => mediaFiles().join() === before.join(), 5000, "the temporary file removed");
  });

  it("answers 500 when MEDIA_DIR cannot be written, and the server stays up", async () => {
    // Files cannot be created in /proc, whoever runs the test.
    const server = await startTestApp({ MEDIA_DIR: "/proc" });
    try {
      const boundary = "nodisk";
      const req = request(`${server.httpUrl}/api/v1/shops/shop_1/products`, {
        method: "POST",
        headers: { authorization: `Bearer ${await server.token("owner1")}`, "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        req.on("response", (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
      });
      req.write(`--${boundary}\r\ncontent-disposition: form-data; name="video"; filename="clip.mp4"\r\ncontent-type: video/mp4\r\n\r\n`);
      req.write(MP4);
      // The client pauses inside the file: the failed open happens while nothing reads the disk stream.
      await new Promise((r) => setTimeout(r, 300));
      req.end(`\r\n--${boundary}--\r\n`);
      const { status, body } = await response;
      expect(status).toBe(500);
      expect(JSON.parse(body)).toEqual({ error: "internal_error" });
      expect((await fetch(`${server.httpUrl}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("leaves no file behind when the poster is refused after the video, or when the insert fails", async () => {
    const before = mediaFiles();
    expect((await upload("owner1", productForm(fields, { video: MP4, poster: MP4 }))).status).toBe(415);
    expect(mediaFiles()).toEqual(before);
    const allowProducts = await refuseInserts(t, "products");
    try {
      expect((await upload("owner1", productForm(fields, { video: MP4, poster: JPEG }))).status).toBe(500);
    } finally {
      await allowProducts();
    }
    expect(mediaFiles()).toEqual(before);
  });

  it("rejects missing files and bad fields", async () => {
    const before = mediaFiles();
    expect((await upload("owner1", productForm(fields, { poster: JPEG }))).status).toBe(422);
    // A file input left empty: the browser sends an empty part.
    const emptyVideo = await upload("owner1", productForm(fields, { video: Buffer.alloc(0), poster: JPEG }));
    expect(emptyVideo).toMatchObject({ status: 422, body: { errors: [{ path: "video", message: "file required" }] } });
    expect(mediaFiles()).toEqual(before);
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

describe("uploads a crash cut off", () => {
  it("are removed when the server starts, once older than any upload still running", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rm-media-"));
    writeFileSync(path.join(dir, ".upload-crashed"), "half a video");
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(dir, ".upload-crashed"), hoursAgo, hoursAgo);
    writeFileSync(path.join(dir, ".upload-running"), "a video arriving on another node");
    writeFileSync(path.join(dir, "video_kept.mp4"), MP4);
    const server = await startTestApp({ MEDIA_DIR: dir });
    try {
      expect(readdirSync(dir).sort()).toEqual([".upload-running", "video_kept.mp4"]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the per-shop media quota", () => {
  const oneProduct = MP4.length + JPEG.length;
  let small: TestApp;
  beforeAll(async () => {
    // Room for one product's media and not quite a second's.
    small = await startTestApp({ MEDIA_QUOTA_BYTES_PER_SHOP: 2 * oneProduct - 1 });
  });
  afterAll(() => small.close());

  it("refuses the upload that would pass it, keeps nothing of it, and counts it; other shops keep their room", async () => {
    expect((await upload("owner1", productForm(fields, { video: MP4, poster: JPEG }), "shop_1", small)).status).toBe(201);
    const before = mediaFiles(small);
    const refusals = await limitRefusals(small, "media_quota");
    // Refused while it streams: the poster is one byte too many.
    const over = await streamedUpload("owner1", productForm(fields, { video: MP4, poster: JPEG }), small);
    expect(over).toEqual({ status: 413, body: { error: "media_quota_exceeded", field: "poster" } });
    expect(mediaFiles(small)).toEqual(before);
    expect(await limitRefusals(small, "media_quota")).toBe(refusals + 1);
    expect((await upload("owner2", productForm(fields, { video: MP4, poster: JPEG }), "shop_2", small)).status).toBe(201);
  });

  it("refuses at once a shop whose media already fill it", async () => {
    await small.app.context.db.updateTable("products").set({ media_bytes: 2 * oneProduct }).where("shop_id", "=", "shop_1").where("media_bytes", ">", 0).execute();
    const before = mediaFiles(small);
    const refusals = await limitRefusals(small, "media_quota");
    const full = await upload("owner1", productForm(fields, { video: MP4, poster: JPEG }), "shop_1", small);
    expect(full).toEqual({ status: 413, body: { error: "media_quota_exceeded" } });
    expect(mediaFiles(small)).toEqual(before);
    expect(await limitRefusals(small, "media_quota")).toBe(refusals + 1);
  });
});
