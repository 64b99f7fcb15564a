import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tileImageSource } from "@/lib/map-tiles";

/** Two years, the preload list's minimum. */
const HSTS = "max-age=63072000; includeSubDomains";

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Next's inline bootstrap scripts carry the nonce; what they load is trusted through it.
    // `npm run dev` needs eval for React's hot reload.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Leaflet and React position elements with style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tileImageSource()}`,
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Every response (pages, API, media, socket errors): CSP with a fresh nonce, no framing, no
 * sniffing, no referrer to other sites, HSTS. The nonce reaches Next through the request's CSP
 * header, from which it takes the nonce for its own inline scripts (app/layout.tsx renders
 * every page per request, so every page has it).
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, dev: boolean): void {
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"), dev);
  req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Strict-Transport-Security", HSTS);
}
