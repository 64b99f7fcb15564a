// `npm run lighthouse [-- base-url]`: Lighthouse's default (phone) profile against the public pages
// (the tracking link, a shared product, a shop page), in Debian's Chromium, each report written to
// docs/lighthouse/<page>.json. Needs a running demo server (`npm start`; default http://localhost:4000).
// Map tiles come from the internet, which these machines do not reach: every tile is answered with
// the same small image instead (as a tile server would, only at once), so every run measures the same page.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer, { type Page } from "puppeteer-core";

const base = process.argv[2] ?? process.env.LH_URL ?? "http://localhost:4000";
const PAGES: Record<string, string> = { track: "/track/abc123track", product: "/p/prod_123", shop: "/s/shop_1" };
const OUT_DIR = path.join(import.meta.dirname, "..", "docs", "lighthouse");
const TILE_PATTERN = "https://tile.openstreetmap.org/*";
// A plain grey 256x256 PNG: the size of an OpenStreetMap tile.
const STUB_TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAQAAAAEACAIAAADTED8xAAAB+0lEQVR42u3TMQ0AAAzDsPLnWC69h2E2hEhJ4bFIgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAATAAGAAMAAYAA4ABwABgADAAGAAMAAYAA4ABwABgADAAGAAMAAYAA4ABwABgADAAGAAMAAYAA4ABwABgADAAGAAMAAYAA4ABwABgADAAGAAMAAYAA4ABwABgADAAGAAMgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAYAAwABgADgAHAAGAAMAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADAAGAAOAAcAAYAAwABgADADXAFkRJtpuhZasAAAAAElFTkSuQmCC",
  "base64",
);
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
});
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
try {
  for (const [name, pagePath] of Object.entries(PAGES)) await measure(name, `${base}${pagePath}`);
} finally {
  await browser.disconnect();
  chrome.kill();
}

/**
 * A tab whose map tile requests get the stub tile. Only requests matching the pattern are paused
 * (CDP's Fetch domain), so the page's own requests reach the server untouched.
 */
async function pageWithStubTiles(): Promise<Page> {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  cdp.on("Fetch.requestPaused", ({ requestId }) => {
    const tile = { requestId, responseCode: 200, responseHeaders: [{ name: "content-type", value: "image/png" }], body: STUB_TILE.toString("base64") };
    // The tab closes after its report, maybe with a tile still on its way: that one needs no answer.
    cdp.send("Fetch.fulfillRequest", tile).catch(() => undefined);
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: TILE_PATTERN }] });
  return page;
}

async function measure(name: string, url: string): Promise<void> {
  const page = await pageWithStubTiles();
  // Lighthouse's default is the mobile profile (Moto G Power, slow 4G, 4× CPU throttling).
  const result = await lighthouse(url, { output: "json", logLevel: "error", onlyCategories: CATEGORIES }, undefined, page);
  await page.close();
  if (!result) throw new Error("Lighthouse returned no result");
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  const metrics = Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.displayValue ?? null]));
  // What keeps a category below 100, to fix next.
  const failing = Object.fromEntries(
    ["performance", "accessibility", "best-practices"].map((c) => [
      c,
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 0.9)
        .map((ref) => ({ id: ref.id, title: lhr.audits[ref.id].title, score: lhr.audits[ref.id].score })),
    ]),
  );
  // Where the main-thread time went, by script: the first place to look when TBT is high.
  const bootup = (lhr.audits["bootup-time"]?.details as { items?: { url: string; total: number }[] } | undefined)?.items ?? [];
  const slowestScripts = bootup.slice(0, 5).map((i) => ({ url: i.url, ms: Math.round(i.total) }));
  // The main thread's long tasks (simulated), in order: what total blocking time is made of.
  const longTasks = (lhr.audits["long-tasks"]?.details as { items?: { url: string; startTime: number; duration: number }[] } | undefined)?.items ?? [];
  const longTasksInOrder = longTasks
    .map((t) => ({ url: t.url, start_ms: Math.round(t.startTime), ms: Math.round(t.duration) }))
    .sort((a, b) => a.start_ms - b.start_ms);
  // Which element is the largest contentful paint, and what delayed it.
  const lcpElement = (lhr.audits["largest-contentful-paint-element"]?.details as { items?: { items?: unknown[] }[] } | undefined)?.items ?? [];
  const report = {
    url: lhr.finalDisplayedUrl,
    fetched_at: lhr.fetchTime,
    lighthouse_version: lhr.lighthouseVersion,
    form_factor: lhr.configSettings.formFactor,
    throttling: lhr.configSettings.throttlingMethod,
    // Lighthouse's CPU benchmark of this machine: simulated timings scale with it (a typical laptop is 1500+).
    benchmark_index: lhr.environment.benchmarkIndex,
    stubbed_tiles: TILE_PATTERN,
    scores,
    metrics,
    failing,
    slowest_scripts: slowestScripts,
    long_tasks: longTasksInOrder,
    lcp_element: lcpElement,
  };
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(path.join(OUT_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(name, JSON.stringify({ scores, metrics }));
}
