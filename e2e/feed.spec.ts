import { expect, test, type Locator, type Page } from "@playwright/test";
import { otherUser, signIn, snap, socketOpen } from "./helpers";

const activeReel = (page: Page) => page.locator('[data-testid=reel][data-active="true"]');

function isPlaying(video: Locator) {
  return video.evaluate((v: HTMLVideoElement) => !v.paused && v.readyState >= 2 && v.currentTime > 0);
}

test("the visible reel plays muted and the one scrolled away pauses", async ({ page }, testInfo) => {
  await signIn(page, "user123");
  const first = page.locator('[data-testid=reel][data-index="0"]');
  const firstVideo = first.getByTestId("reel-video");
  await expect(first).toHaveAttribute("data-active", "true");
  await expect.poll(() => isPlaying(firstVideo), { message: "first video autoplays" }).toBe(true);
  expect(await firstVideo.evaluate((v: HTMLVideoElement) => v.muted && v.loop)).toBe(true);
  // The next reel is buffered ahead.
  await expect(page.locator('[data-testid=reel][data-index="1"]').getByTestId("reel-video")).toHaveAttribute("preload", "auto");
  await snap(page, testInfo, "feed");

  await page.keyboard.press("ArrowDown");
  const second = page.locator('[data-testid=reel][data-index="1"]');
  await expect(second).toHaveAttribute("data-active", "true");
  await expect.poll(() => isPlaying(second.getByTestId("reel-video"))).toBe(true);
  expect(await firstVideo.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);

  // Space pauses the active reel.
  await page.keyboard.press(" ");
  await expect.poll(() => second.getByTestId("reel-video").evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
});

test("a like from a second browser updates the first one's count", async ({ page, browser }) => {
  await signIn(page, "user123");
  await socketOpen(page);
  await expect(activeReel(page)).toBeVisible();
  const productId = await activeReel(page).getAttribute("data-product-id");
  const reelA = page.locator(`[data-testid=reel][data-product-id="${productId}"]`);
  const before = await reelA.getByTestId("like-count").textContent();

  const other = await otherUser(browser, page, "user123");
  await other.page.goto(`/?product=${productId}`);
  const reelB = other.page.locator(`[data-testid=reel][data-product-id="${productId}"]`);
  await expect(reelB).toHaveAttribute("data-active", "true");
  await reelB.getByRole("button", { name: "Like" }).click();
  const after = await reelB.getByTestId("like-count").textContent();
  expect(after).not.toBe(before);
  // The first browser did nothing: only `like_update` can change its count.
  await expect(reelA.getByTestId("like-count")).toHaveText(after!);
  await other.context.close();
});

test("buying from the feed creates an order shown in /orders", async ({ page }, testInfo) => {
  await signIn(page, "user123");
  const reel = activeReel(page);
  const name = (await reel.getByRole("heading").textContent())!;
  await reel.getByRole("button", { name: /^Buy/ }).click();
  const sheet = page.getByRole("dialog", { name: "Buy now" });
  await sheet.getByRole("button", { name: "Increase quantity" }).click();
  await snap(page, testInfo, "buy-sheet");
  await sheet.getByRole("button", { name: /^Place order/ }).click();
  await page.getByRole("link", { name: "View order" }).click();
  await expect(page).toHaveURL(/\/orders/);
  const order = page.getByTestId("order").first();
  await expect(order).toContainText(name);
  await expect(order).toContainText("2 ×");
  await expect(order.getByTestId("order-status")).toHaveText("Waiting for the shop");
  await snap(page, testInfo, "orders");
});

test("a like raises the shop owner's bell count", async ({ page, browser }, testInfo) => {
  await signIn(page, "owner1");
  await socketOpen(page);
  const bell = page.getByRole("button", { name: /^Notifications/ });
  const countOf = async () => Number((await page.getByTestId("notification-count").textContent({ timeout: 2_000 }).catch(() => "0")) ?? 0);
  await expect.poll(async () => (await bell.getAttribute("aria-label")) !== null).toBe(true);
  await page.waitForTimeout(500); // both inboxes (user and shop) joined
  const before = await countOf();

  const shopper = await otherUser(browser, page, testInfo.project.name === "phone" ? "user456" : "user789");
  // A Hudson Tech (shop_1) product in the shopper's first page.
  const reel = shopper.page.locator('[data-testid=reel][data-product-id^="prod_12"]').first();
  await expect(reel).toBeAttached();
  const like = reel.getByRole("button", { name: "Like" });
  if ((await like.getAttribute("aria-pressed")) === "true") {
    await like.click();
    await expect(like).toHaveAttribute("aria-pressed", "false");
  }
  await like.click();
  await expect.poll(countOf).toBe(before + 1);
  await bell.click();
  await expect(page.getByTestId("notification-item").first()).toContainText("liked");
  await snap(page, testInfo, "bell-open");
  await shopper.context.close();
});

test("following a shop from its reel sticks", async ({ page }) => {
  await signIn(page, "user456");
  const button = activeReel(page).getByRole("button", { name: /^Follow(ing)? / });
  await expect(button).toBeVisible();
  const before = (await button.getAttribute("aria-pressed")) === "true";
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", String(!before));
  await page.reload();
  const again = activeReel(page).getByRole("button", { name: /^Follow(ing)? / });
  await expect(again).toHaveAttribute("aria-pressed", String(!before));
  // Back as it was, so the other viewport's run starts from the same state.
  await again.click();
  await expect(again).toHaveAttribute("aria-pressed", String(before));
});
