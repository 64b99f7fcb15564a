import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { AccessError } from "../../services/ownership";
import { sendError, sendJson } from "../respond";

export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

export type ApiHandler = (request: ApiRequest) => Promise<void>;

/** An error that becomes a JSON answer `{error, ...extra}` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

/** Method + path routing with `:param` segments, for the JSON API. */
export class ApiRouter {
  private readonly routes: { method: string; parts: string[]; handler: ApiHandler }[] = [];

  add(method: string, path: string, handler: ApiHandler): this {
    this.routes.push({ method, parts: path.split("/").filter(Boolean), handler });
    return this;
  }

  /** True when a route took the request. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const parts = url.pathname.split("/").filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = match(route.parts, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      try {
        await route.handler({ req, res, url, params });
      } catch (err) {
        if (err instanceof AccessError) sendError(res, err.reason === "not_found" ? 404 : 403, err.reason);
        else if (err instanceof HttpError) sendError(res, err.status, err.reason, err.extra);
        else throw err;
      }
      return true;
    }
    if (pathMatched) {
      sendError(res, 405, "method_not_allowed");
      return true;
    }
    return false;
  }
}

function match(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(":")) params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
    else if (pattern[i] !== parts[i]) return null;
  }
  return params;
}

const MAX_JSON_BYTES = 256 * 1024;

/** Reads and validates a JSON body: 400 for malformed JSON, 422 with field errors for a bad shape. */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new HttpError(413, "body_too_large");
    chunks.push(chunk as Buffer);
  }
  let body: unknown = {};
  if (size > 0) {
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      throw new HttpError(400, "invalid_json");
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new HttpError(422, "invalid_payload", { errors: issues });
  }
  return parsed.data;
}

export { sendJson };
