import { expect, test } from "@playwright/test";
import { snap } from "./helpers";

// Where a shared product link lands: public, with a preview for chat apps; drafts stay hidden.
test("a shared product link shows the product to someone without an account", async ({ page }, testInfo) => {
  await page.goto("/p/prod_123");
  await expect(page.getByRole("heading", { name: "AeroBuds Pro Wireless Earbuds" })).toBeVisible();
  await expect(page.getByText("Hudson Tech")).toBeVisible();
  await expect(page.getByText("$129.00")).toBeVisible();
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\.jpg$/);
  await expect.poll(() => page.locator("video").evaluate((v: HTMLVideoElement) => !v.paused)).toBe(true);
  await snap(page, testInfo, "product-page");
  await page.getByRole("link", { name: "See it in the feed" }).click();
  await expect(page).toHaveURL(/\/\?product=prod_123$/);
});

test("a draft or unknown product is not found", async ({ page }) => {
  for (const id of ["prod_128", "nope"]) {
    const response = await page.goto(`/p/${id}`);
    expect(response?.status()).toBe(404);
  }
});
