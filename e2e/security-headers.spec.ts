import { expect, test } from "@playwright/test";
import { loadConfig } from "../server/config";
import { TokenVerifier } from "../server/socket/auth";

const verifier = new TokenVerifier(loadConfig().JWT_SECRET);

// Pages, the public tracking page, the JSON API and media: every response carries them.
const PATHS = ["/", "/login", "/track/abc123track", "/api/v1/chat/rooms", "/media/clips/clip-1.jpg"];

test("security headers on pages, tracking, API and media", async ({ request }) => {
  for (const path of PATHS) {
    const res = await request.get(path, { headers: path.startsWith("/api/") ? { authorization: `Bearer ${await verifier.sign("user123", 600)}` } : {} });
    expect(res.status(), path).toBeLessThan(400);
    const headers = res.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], path).toContain("max-age=");
  }
});

test("every inline script of a page carries that response's nonce", async ({ request }) => {
  const res = await request.get("/login");
  const nonce = /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const scripts = [...(await res.text()).matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
});
