/**
 * The map tiles' URL template. NEXT_PUBLIC_ is written into the browser bundle when it is built,
 * and read by the server (its CSP) when it starts.
 */
export const TILE_URL = process.env.NEXT_PUBLIC_TILE_URL || "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/** The origin images may come from: `https://{s}.tile.example/{z}/...` allows `https://*.tile.example`. */
export function tileImageSource(template = TILE_URL): string {
  const url = new URL(template.replace(/\{s\}/g, "wildcard").replace(/\{[a-z]\}/g, "0"));
  return `${url.protocol}//${url.host.replace("wildcard", "*")}`;
}

/** The one origin every tile comes from, worth connecting to early; none when tiles rotate over subdomains. */
export function tileOrigin(template = TILE_URL): string | null {
  return template.includes("{s}") ? null : tileImageSource(template);
}
