import type { z } from "zod";
import { useSessionStore } from "./session-store";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Calls the JSON API (/api/v1) with the socket JWT as bearer and parses the answer with `schema`;
 * errors become ApiError(reason). A 401 renews the token and is tried once more.
 */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown } = {},
): Promise<z.output<S>> {
  const sent = useSessionStore.getState().token;
  if (!sent) throw new ApiError(401, "unauthorized");
  let res = await request(path, init, sent);
  if (res.status === 401) {
    // The token expired before its refresh (a tab that slept): renew it, unless another read
    // already did, and ask once more.
    if (useSessionStore.getState().token === sent) await useSessionStore.getState().renewToken();
    const renewed = useSessionStore.getState().token;
    if (renewed && renewed !== sent) res = await request(path, init, renewed);
  }
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const reason = typeof body === "object" && body && "error" in body ? String(body.error) : res.statusText;
    throw new ApiError(res.status, reason);
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError(res.status, "unexpected_response");
  return result.data;
}

function request(path: string, init: { method?: string; body?: unknown }, token: string): Promise<Response> {
  // FormData (uploads) goes as multipart; the browser writes its content-type with the boundary.
  const form = init.body instanceof FormData;
  return fetch(`/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined || form ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : form ? (init.body as FormData) : JSON.stringify(init.body),
  });
}
