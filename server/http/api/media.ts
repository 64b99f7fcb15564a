import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import type { AppContext } from "../../services/context";
import { HttpError, type ApiRouter } from "./router";

// Uploaded product media: recognised by content, stored under MEDIA_DIR (upload-form.ts), served at /media/uploads/.

export const UPLOADS_PATH = "/media/uploads/";

/** How many first bytes sniffMedia looks at. */
export const SNIFF_BYTES = 64;

interface MediaKind {
  contentType: string;
  extension: string;
  matches(head: Uint8Array): boolean;
}

const ascii = (head: Uint8Array, offset: number, text: string) =>
  text.split("").every((ch, i) => head[offset + i] === ch.charCodeAt(0));

const KINDS: MediaKind[] = [
  // ISO base media: a box size, then "ftyp".
  { contentType: "video/mp4", extension: "mp4", matches: (h) => ascii(h, 4, "ftyp") },
  // EBML header whose DocType is "webm" (not any Matroska file).
  {
    contentType: "video/webm",
    extension: "webm",
    matches: (h) => h[0] === 0x1a && h[1] === 0x45 && h[2] === 0xdf && h[3] === 0xa3 && Buffer.from(h.subarray(0, SNIFF_BYTES)).includes("webm"),
  },
  { contentType: "image/jpeg", extension: "jpg", matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { contentType: "image/png", extension: "png", matches: (h) => ascii(h, 0, "\x89PNG\r\n\x1a\n") },
  { contentType: "image/webp", extension: "webp", matches: (h) => ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP") },
];

/** The file's real type from its first bytes, among `allowed`; null when it is something else. */
export function sniffMedia(head: Uint8Array, allowed: readonly string[]): MediaKind | null {
  return KINDS.find((kind) => allowed.includes(kind.contentType) && kind.matches(head)) ?? null;
}

/** Removes stored uploads (of a request that failed after storing them), so no file is left without its row. */
export async function removeUploads(app: AppContext, urls: readonly string[]): Promise<void> {
  await Promise.all(urls.map((url) => rm(path.join(app.config.MEDIA_DIR, path.basename(url)), { force: true })));
}

// Only names receiveUploadForm makes: no separators, no dots but the extension's, so no way out of MEDIA_DIR.
const STORED_NAME = /^[A-Za-z0-9_-]{1,160}\.(mp4|webm|jpg|png|webp)$/;

export function registerMediaRoutes(router: ApiRouter, app: AppContext): void {
  // GET /media/uploads/<file> - uploaded videos and posters, with byte ranges for video seeking
  router.add("GET", `${UPLOADS_PATH}:file`, async ({ req, res, params }) => {
    const match = STORED_NAME.exec(params.file);
    if (!match) throw new HttpError(404, "not_found");
    const filePath = path.join(app.config.MEDIA_DIR, params.file);
    const size = await stat(filePath).then((s) => (s.isFile() ? s.size : null), () => null);
    if (size === null) throw new HttpError(404, "not_found");
    const contentType = KINDS.find((k) => k.extension === match[1])!.contentType;
    const headers = { "content-type": contentType, "accept-ranges": "bytes", "cache-control": "public, max-age=31536000, immutable" };

    const range = parseRange(req.headers.range, size);
    if (range === "unsatisfiable") {
      res.writeHead(416, { "content-range": `bytes */${size}` });
      return void res.end();
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      ...headers,
      "content-length": String(end - start + 1),
      ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
    });
    if (size === 0) return void res.end();
    await new Promise<void>((resolve, reject) => {
      createReadStream(filePath, { start, end }).on("error", reject).pipe(res).on("finish", resolve).on("close", resolve);
    });
  });
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; null means the whole file. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? "unsatisfiable" : { start, end };
}
