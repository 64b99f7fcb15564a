import { expect, test } from "@playwright/test";
import { otherUser, signIn, snap } from "./helpers";
import { freshDelivery } from "./support/api";
import { openE2eDatabase } from "./support/database";

test("a shopper cancels a paid order before pick-up; the shop is notified and sees the refund due", async ({ page, browser, request }, testInfo) => {
  // A paid order of user123's with a courier assigned, not yet picked up.
  const { orderId } = await freshDelivery(request, "user123");

  await signIn(page, "user123");
  const owner = await otherUser(browser, page, "owner1");
  await owner.page.goto("/shop");
  await expect(owner.page.getByRole("heading", { name: "Hudson Tech", level: 1 })).toBeVisible();

  await page.goto(`/orders#${orderId}`);
  const card = page.locator(`[data-testid=order][id="${orderId}"]`);
  await card.getByRole("button", { name: "Cancel order" }).click();
  await expect(card.getByRole("group")).toContainText("Cancel this order and get a refund?");
  await snap(page, testInfo, "cancel-order-confirm");
  await card.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(card.getByTestId("order-status")).toHaveText("Cancelled · refund on its way");
  await expect(card.getByText("Delivery cancelled")).toBeVisible();
  await expect(card.getByRole("button", { name: "Cancel order" })).toHaveCount(0);

  // Live on the dashboard: the notification arrives without a reload.
  await expect(owner.page.getByTestId("shop-notifications")).toContainText("Maya Chen cancelled an order of PocketCharge 10K Power Bank: refund due");
  await owner.page.reload();
  await expect(owner.page.locator(`[data-testid=order-row][data-order-id="${orderId}"]`)).toContainText("refund due");
  await snap(owner.page, testInfo, "shop-order-cancelled");
  await owner.context.close();
});

test("once the courier has picked the parcel up, the order offers no cancel", async ({ page, request }) => {
  const { id, orderId } = await freshDelivery(request, "user123");
  const store = openE2eDatabase();
  try {
    await store.db.updateTable("deliveries").set({ status: "picked_up" }).where("id", "=", id).execute();
  } finally {
    await store.close();
  }
  await signIn(page, "user123");
  await page.goto(`/orders#${orderId}`);
  const card = page.locator(`[data-testid=order][id="${orderId}"]`);
  await expect(card.getByText("Picked up")).toBeVisible();
  await expect(card.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
});
