import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn, snap, socketOpen } from "./helpers";
import { placeOrder } from "./support/api";
import { newSession } from "./support/sessions";
import { stubTiles } from "./support/tiles";

const CLIPS = path.join(import.meta.dirname, "..", "public", "media", "clips");

async function bellCount(page: Page): Promise<number> {
  const badge = page.getByTestId("notification-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("a product published with a video in the dashboard reaches a follower's feed live", async ({ page, browser }, testInfo) => {
  // user456 follows Hudson Tech (shop_1, owner1) in the demo data.
  const follower = await newSession(browser, testInfo, "user456");
  await socketOpen(follower.page);
  await expect(follower.page.getByTestId("reel").first()).toBeVisible();

  await stubTiles(page);
  await signIn(page, "owner1");
  await page.goto("/shop");
  await expect(page.getByRole("heading", { name: "Hudson Tech", level: 1 })).toBeVisible();
  const name = `E2E clip ${testInfo.project.name} ${Date.now()}`;
  await page.getByRole("button", { name: "New product" }).click();
  const form = page.getByRole("form", { name: "New product" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Price").fill("19.99");
  await form.getByLabel("Description").fill("Filmed for the end-to-end test.");
  await form.getByLabel(/^Video/).setInputFiles(path.join(CLIPS, "clip-1.mp4"));
  await form.getByLabel(/^Poster/).setInputFiles(path.join(CLIPS, "clip-1.jpg"));
  await form.getByRole("button", { name: "Save draft" }).click();

  const row = page.getByTestId("product-row").filter({ hasText: name });
  await expect(row).toContainText("Draft");
  const productId = await row.getAttribute("data-product-id");
  await row.getByRole("button", { name: `Publish ${name}` }).click();
  await expect(row).toContainText("Published");
  await snap(page, testInfo, "shop-dashboard");

  // Only the live new_item can put it there: the follower's page was loaded before it existed.
  await expect(follower.page.locator(`[data-testid=reel][data-product-id="${productId}"]`)).toHaveCount(1);
  await expect(follower.page.getByRole("button", { name: /new product/i })).toBeVisible();
  await snap(follower.page, testInfo, "follower-feed-new-item");
  await follower.context.close();
});

test("confirming and marking an order paid in the dashboard raises the customer's bell", async ({ page, browser, request }, testInfo) => {
  const orderId = await placeOrder(request, "user789");
  const customer = await newSession(browser, testInfo, "user789");
  await customer.page.goto("/orders");
  await socketOpen(customer.page);
  await customer.page.waitForTimeout(500); // the inbox's join reply sets the starting count
  const before = await bellCount(customer.page);

  await stubTiles(page);
  await signIn(page, "owner1");
  await page.goto("/shop#orders");
  const row = page.locator(`[data-testid=order-row][data-order-id="${orderId}"]`);
  await row.getByRole("button", { name: `Confirm order ${orderId}` }).click();
  await expect.poll(() => bellCount(customer.page), { message: "order_confirmed" }).toBe(before + 1);
  await row.getByRole("button", { name: `Mark order ${orderId} paid` }).click();
  await expect.poll(() => bellCount(customer.page), { message: "payment_received" }).toBe(before + 2);
  await expect(row).toContainText("paid");
  await expect(row.getByRole("button", { name: "Create delivery" })).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await snap(page, testInfo, "shop-orders");
  await customer.context.close();
});

test("the dashboard charts the last 30 days of orders, revenue and likes", async ({ page, request }, testInfo) => {
  await signIn(page, "owner1");
  await page.goto("/shop#last-30-days");
  const chart = page.getByRole("region", { name: "Last 30 days" });
  await expect(chart.getByTestId("chart-bar")).toHaveCount(30);
  const ordersBefore = Number(await chart.getByTestId("total-orders").textContent());
  await placeOrder(request, "user456");
  await page.reload();
  await expect(chart.getByTestId("total-orders")).toHaveText(String(ordersBefore + 1));
  await chart.getByRole("tab", { name: /Revenue/ }).click();
  await expect(chart.getByRole("tab", { name: /Revenue/ })).toHaveAttribute("aria-selected", "true");
  await expect(chart.getByTestId("total-revenue_cents")).toHaveText(/^\$[\d,]+\.\d\d$/);
  await chart.scrollIntoViewIfNeeded();
  await snap(page, testInfo, "shop-chart");
});
