import { expect, test, type Page } from "@playwright/test";
import { snap, socketOpen } from "./helpers";
import { freshDelivery } from "./support/api";
import { newSession } from "./support/sessions";
import { stubTiles } from "./support/tiles";

/** The ETA shown, in seconds ("Arriving" is under 30 s). */
async function etaSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId("eta").textContent())!.trim();
  if (text === "Arriving") return 0;
  const parts = text.split(":").map(Number);
  if (parts.some(Number.isNaN)) throw new Error(`no ETA yet: ${text}`);
  return parts.reduce((total, n) => total * 60 + n, 0);
}

async function markerBox(page: Page) {
  return page.locator(".courier-marker").boundingBox();
}

test("the courier's shared location moves the marker and the ETA on the public page; status changes reach the customer", async ({ browser, request }, testInfo) => {
  test.setTimeout(90_000);
  const delivery = await freshDelivery(request);
  // About 1.5 km north of the destination, then a block away from it.
  const far = { latitude: 40.748, longitude: -73.999 };
  const near = { latitude: 40.737, longitude: -73.992 };

  const courier = await newSession(browser, testInfo, "courier1", { permissions: ["geolocation"], geolocation: far });
  const customer = await newSession(browser, testInfo, "user123");
  const visitor = await newSession(browser, testInfo, null);
  for (const s of [courier, customer, visitor]) await stubTiles(s.context);

  // The courier finds the new delivery in their list.
  await courier.page.goto("/deliveries");
  await courier.page.locator(`a[href="/deliveries/${delivery.id}"]`).click();
  await expect(courier.page).toHaveURL(`/deliveries/${delivery.id}`);
  await customer.page.goto(`/deliveries/${delivery.id}`);
  await visitor.page.goto(`/track/${delivery.trackingToken}`);
  // No sign-in on the public page, and nothing personal on it.
  await expect(visitor.page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(visitor.page.getByTestId("delivery-status")).toHaveText("Courier assigned");
  await expect(visitor.page.getByText("Courier: Sam", { exact: true })).toBeVisible();
  await expect(visitor.page.getByText("Rivera")).toHaveCount(0);
  await expect(visitor.page.getByText("Union Square")).toHaveCount(0);

  // The courier can share their position from assignment on, while riding to the shop.
  const share = courier.page.getByRole("switch", { name: "Share my location" });
  await expect(share).toBeEnabled();
  await courier.page.getByRole("button", { name: "Mark picked up" }).click();
  await expect(customer.page.getByTestId("status-timeline").locator("[aria-current=step]")).toContainText("Picked up");
  await expect(visitor.page.getByTestId("delivery-status")).toHaveText("Picked up");

  await share.click();
  await expect(share).toHaveAttribute("aria-checked", "true");
  await expect(visitor.page.locator(".courier-marker")).toBeVisible();
  await expect.poll(() => etaSeconds(visitor.page), { message: "ETA from 1.5 km away" }).toBeGreaterThan(120);
  const before = await markerBox(visitor.page);
  await snap(courier.page, testInfo, "delivery-courier");

  await courier.context.setGeolocation(near);
  await expect
    .poll(async () => {
      const now = await markerBox(visitor.page);
      return Math.hypot(now!.x - before!.x, now!.y - before!.y);
    }, { message: "the courier marker moves on the public page" })
    .toBeGreaterThan(20);
  await expect.poll(() => etaSeconds(visitor.page), { message: "ETA drops near the destination" }).toBeLessThan(60);
  await expect(visitor.page.locator(".leaflet-overlay-pane path")).toHaveCount(1);
  await snap(visitor.page, testInfo, "tracking-live");

  await courier.page.getByRole("button", { name: "Start delivery" }).click();
  await expect(customer.page.getByTestId("status-timeline").locator("[aria-current=step]")).toContainText("On the way");
  await courier.page.getByRole("button", { name: "Mark delivered" }).click();
  await expect(customer.page.getByTestId("delivery-status")).toHaveText("Delivered");
  await expect(customer.page.getByTestId("eta")).toHaveText("Arrived");
  await expect(visitor.page.getByTestId("delivery-status")).toHaveText("Delivered");
  await snap(customer.page, testInfo, "delivery-customer");

  for (const s of [courier, customer, visitor]) await s.context.close();
});

test("a stranger cannot open a delivery by id", async ({ browser }, testInfo) => {
  const stranger = await newSession(browser, testInfo, "user789");
  await stubTiles(stranger.context);
  await stranger.page.goto("/deliveries/abc123");
  await socketOpen(stranger.page);
  await expect(stranger.page.getByRole("main").getByRole("alert")).toContainText("belongs to someone else");
  await stranger.context.close();
});
