import { expect, test } from "@playwright/test";
import { snap } from "./helpers";
import { stubTiles } from "./support/tiles";
import { freshDelivery } from "./support/api";
import { openE2eDatabase } from "./support/database";

// Seeded delivery abc123: in transit with a trail. These tests only read it.
const TRACK = "/track/abc123track";

test("without map tiles the courier, destination, trail and ETA still show", async ({ page }, testInfo) => {
  await stubTiles(page, "down");
  await page.goto(TRACK);
  await expect(page.getByRole("heading", { name: "Order from Hudson Tech" })).toBeVisible();
  await expect(page.locator(".courier-marker")).toBeVisible();
  await expect(page.locator(".destination-marker")).toBeVisible();
  await expect(page.locator(".leaflet-overlay-pane path")).toHaveCount(1);
  await expect(page.getByTestId("eta")).toHaveText(/^\d+:\d\d$|^Arriving$/);
  await expect(page.getByText("Map tiles are unavailable")).toBeVisible();
  await snap(page, testInfo, "tracking-no-tiles");
});

test("an unknown tracking link is a 404 that says so, rendered on the server", async ({ page }) => {
  await stubTiles(page);
  const response = await page.goto("/track/nope_not_a_token");
  expect(response?.status()).toBe(404);
  expect(await response?.text()).toContain("This tracking link does not exist or has expired.");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("does not exist");
});

test("the tracking page's HTML holds neither the street address nor the exact destination", async ({ request }) => {
  const html = await (await request.get(TRACK)).text();
  expect(html).toContain("Hudson Tech");
  for (const secret of ["75 Henry St", "40.6989", "-73.9917"]) expect(html).not.toContain(secret);
});

test("the tracking page shows Reconnecting… while offline and recovers", async ({ page, context }, testInfo) => {
  test.setTimeout(90_000);
  const crashes: string[] = [];
  page.on("pageerror", (e) => crashes.push(e.message));
  await stubTiles(page);
  await page.goto(TRACK);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" }).first()).toBeVisible({ timeout: 45_000 });
  await snap(page, testInfo, "tracking-reconnecting");
  await context.setOffline(false);
  await expect(page.getByText("Reconnecting…")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  // The network may drop before the map's code arrived: the map comes back, and nothing crashed.
  await expect(page.locator(".leaflet-container")).toBeVisible();
  expect(crashes).toEqual([]);
});

test("a link some hours after delivery says the delivery is complete and shows no map", async ({ page, request }) => {
  await stubTiles(page);
  const delivery = await freshDelivery(request);
  const store = openE2eDatabase();
  const longAgo = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
  try {
    await store.db.updateTable("deliveries").set({ status: "delivered", delivered_at: longAgo, updated_at: longAgo }).where("id", "=", delivery.id).execute();
  } finally {
    await store.close();
  }
  const response = await page.goto(`/track/${delivery.trackingToken}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByText("This delivery is complete. The live map is no longer available.")).toBeVisible();
  await expect(page.locator(".leaflet-container")).toHaveCount(0);
  expect(await response?.text()).not.toContain("1 Union Square W");
});

test("the map's first tiles come with the page, where the live map then puts the same tiles", async ({ browser, page }, testInfo) => {
  const tileBoxes = (target: typeof page, selector: string) =>
    target.locator(selector).evaluateAll((images) =>
      images.map((image) => {
        const box = image.getBoundingClientRect();
        return `${image.getAttribute("src")} @ ${box.left},${box.top}`;
      }),
    );
  // Without JavaScript: what the server sent is all there is.
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: page.viewportSize() });
  const plain = await noScript.newPage();
  await stubTiles(plain);
  await plain.goto(TRACK);
  const preview = await tileBoxes(plain, "[role=region] img");
  await noScript.close();
  expect(preview.length).toBeGreaterThan(0);

  await stubTiles(page);
  await page.goto(TRACK);
  await expect(page.locator(".leaflet-tile-loaded").first()).toBeVisible();
  // The preview goes once the map's own tiles have loaded; each of them sat exactly where the preview's copy did.
  await expect(page.locator("[role=region] img:not(.leaflet-tile)")).toHaveCount(0);
  const live = await tileBoxes(page, "img.leaflet-tile");
  expect(live.length).toBeGreaterThan(0);
  expect(live.filter((tile) => !preview.includes(tile))).toEqual([]);
  await snap(page, testInfo, "tracking-map");
});
