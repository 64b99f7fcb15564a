import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { once } from "node:events";
import path from "node:path";
import type { Readable } from "node:stream";
import Busboy from "busboy";
import type { AppContext } from "../../services/context";
import { newId } from "../../store/ids";
import { SNIFF_BYTES, sniffMedia, UPLOADS_PATH, removeUploads } from "./media";
import { HttpError } from "./router";

// A multipart/form-data upload streamed to disk: no file is ever held in memory whole.

export interface UploadRule {
  allowed: readonly string[];
  maxBytes: number;
}

export interface UploadForm {
  fields: Record<string, string>;
  /** Stored files by field: their URL under /media/uploads/ and size. Empty file parts are left out. */
  files: Record<string, { url: string; bytes: number }>;
  /** Bytes of every stored file together. */
  bytes: number;
}

const TEMPORARY_PREFIX = ".upload-";
/** Older than any upload takes: another node sharing MEDIA_DIR may be writing a younger one. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Text fields are short (a product's description is at most 2,000 characters). */
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_FIELDS = 20;

/**
 * Reads the form, streaming each file of `rules` into a temporary file in MEDIA_DIR as it arrives:
 * its size is checked as the bytes come (413 `file_too_large` past its rule, 413
 * `media_quota_exceeded` once the request's files pass `quotaLeft` bytes), its type recognised by
 * its first bytes (415), and only a complete, accepted file is renamed to its stored name. When
 * anything fails, every file of the request is removed before the error is thrown, and the
 * connection closes rather than read the rest of a refused body. A caller that fails later
 * removes the files with removeUploads.
 */
export async function receiveUploadForm(
  app: AppContext,
  req: IncomingMessage,
  res: ServerResponse,
  rules: Record<string, UploadRule>,
  quotaLeft: number,
): Promise<UploadForm> {
  if (!(req.headers["content-type"] ?? "").startsWith("multipart/form-data")) throw new HttpError(415, "multipart_form_data_required");
  const largest = Math.max(...Object.values(rules).map((rule) => rule.maxBytes));
  let busboy: Busboy.Busboy;
  try {
    // One byte over the largest rule, so every oversize file is caught by its own rule below.
    busboy = Busboy({ headers: req.headers, limits: { fileSize: largest + 1, files: Object.keys(rules).length, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } });
  } catch {
    throw new HttpError(400, "invalid_form_data");
  }
  const dir = app.config.MEDIA_DIR;
  await mkdir(dir, { recursive: true });

  const form: UploadForm = { fields: {}, files: {}, bytes: 0 };
  const temporary = new Set<string>();
  const streams = new Set<Readable>();
  const receiving: Array<Promise<void>> = [];
  let failure: HttpError | null = null;
  let parseDone = () => {};

  const fail = (err: unknown) => {
    if (failure) return;
    // A failure stops the parse: the form is as far as it got.
    parseDone();
    failure = err instanceof HttpError ? err : new HttpError(400, "invalid_form_data");
    if (failure.reason === "file_too_large") app.limits.refused("upload_bytes");
    if (failure.reason === "media_quota_exceeded") app.limits.refused("media_quota");
    req.unpipe(busboy);
    for (const stream of streams) stream.destroy();
    res.setHeader("connection", "close");
  };

  async function receiveFile(field: string, stream: Readable, rule: UploadRule): Promise<void> {
    streams.add(stream);
    const temp = path.join(dir, `${TEMPORARY_PREFIX}${randomUUID()}`);
    temporary.add(temp);
    const out = createWriteStream(temp, { flags: "wx" });
    // A disk that fails (full, read-only, gone) is the server's fault, not the form's. Without a
    // listener, a failure while the client is between chunks would be an uncaught error: the node would exit.
    out.on("error", (err) => {
      app.log.error({ err, field }, "an upload could not be written to MEDIA_DIR");
      stream.destroy(new HttpError(500, "internal_error"));
    });
    let head = Buffer.alloc(0);
    let bytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        form.bytes += chunk.length;
        if (bytes > rule.maxBytes) throw new HttpError(413, "file_too_large", { field, max_bytes: rule.maxBytes });
        if (form.bytes > quotaLeft) throw new HttpError(413, "media_quota_exceeded", { field });
        if (head.length < SNIFF_BYTES) {
          head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
          if (head.length === SNIFF_BYTES && !sniffMedia(head, rule.allowed)) throw unsupported(field, rule);
        }
        if (!out.write(chunk)) await once(out, "drain");
      }
      out.end();
      await once(out, "close");
      // An empty part is what a browser sends for a file input left empty: no file.
      if (bytes === 0) {
        await rm(temp, { force: true });
        temporary.delete(temp);
        return;
      }
      const kind = sniffMedia(head, rule.allowed);
      if (!kind) throw unsupported(field, rule);
      const name = `${newId(field)}.${kind.extension}`;
      await rename(temp, path.join(dir, name));
      temporary.delete(temp);
      form.files[field] = { url: `${UPLOADS_PATH}${name}`, bytes };
    } catch (err) {
      out.destroy();
      // The temporary file is removed after this: wait until the stream has created and let go of it, or never will.
      if (!out.closed) await once(out, "close").catch(() => undefined);
      throw out.errored ? new HttpError(500, "internal_error") : err;
    } finally {
      streams.delete(stream);
    }
  }

  await new Promise<void>((resolve) => {
    parseDone = resolve;
    busboy.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail(new HttpError(413, "field_too_large", { field: name }));
      form.fields[name] = value;
    });
    const fileFields = new Set<string>();
    busboy.on("file", (field, stream) => {
      // Once each: a second part of a field would replace the first's file and leave it behind.
      const rule = Object.hasOwn(rules, field) && !fileFields.has(field) ? rules[field] : null;
      fileFields.add(field);
      if (!rule || failure) {
        stream.resume();
        return fail(new HttpError(422, "invalid_payload", { errors: [{ path: field, message: "unexpected file" }] }));
      }
      receiving.push(receiveFile(field, stream, rule).catch(fail));
    });
    for (const limit of ["filesLimit", "fieldsLimit", "partsLimit"] as const) busboy.on(limit, () => fail(new HttpError(413, "too_many_parts")));
    busboy.on("error", fail);
    busboy.on("close", resolve);
    req.on("error", fail);
    req.pipe(busboy);
  });
  await Promise.allSettled(receiving);
  if (failure) {
    await Promise.all([...temporary].map((temp) => rm(temp, { force: true })));
    await removeUploads(app, Object.values(form.files).map((file) => file.url));
    throw failure;
  }
  return form;
}

function unsupported(field: string, rule: UploadRule): HttpError {
  return new HttpError(415, "unsupported_media_type", { field, allowed: rule.allowed });
}

/**
 * Temporary files of uploads a crash cut off (a request that fails removes its own): removed at
 * start, once they are older than any upload could still be running. Returns how many.
 */
export async function removeAbandonedUploads(dir: string, now = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith(TEMPORARY_PREFIX))) {
    const file = path.join(dir, name);
    const modified = await stat(file).then((s) => s.mtimeMs, () => now);
    if (now - modified < ABANDONED_AFTER_MS) continue;
    await rm(file, { force: true });
    removed++;
  }
  return removed;
}
