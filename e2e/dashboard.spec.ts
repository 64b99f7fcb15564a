import { expect, test } from "@playwright/test";
import { signIn, snap } from "./helpers";
import { newSession } from "./support/sessions";
import { stubTiles } from "./support/tiles";

test("the operations dashboard refuses a shopper", async ({ page }, testInfo) => {
  await signIn(page, "user123");
  await page.goto("/dashboard");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Admins only");
  await expect(page.getByTestId("active-connections")).toHaveCount(0);
  await snap(page, testInfo, "dashboard-refused");
});

test("the operations dashboard shows live connection counts to an admin", async ({ page, browser }, testInfo) => {
  await signIn(page, "admin");
  await page.goto("/dashboard");
  const active = page.getByTestId("active-connections");
  // The admin's own socket, once the first samples arrive.
  await expect.poll(async () => Number(await active.textContent())).toBeGreaterThanOrEqual(1);
  const before = Number(await active.textContent());

  // Another visitor's socket shows up within a poll or two.
  const visitor = await newSession(browser, testInfo, null);
  await stubTiles(visitor.context);
  await visitor.page.goto("/track/abc123track");
  await expect(visitor.page.getByText("Live", { exact: true })).toBeVisible();
  await expect.poll(async () => Number(await active.textContent())).toBeGreaterThan(before);
  await expect(page.getByRole("heading", { name: "Busiest topics" })).toBeVisible();
  // The topic's name is the link's secret: monitoring shows it masked.
  await expect(page.getByText("delivery:token_[redacted]").first()).toBeVisible();
  await expect(page.getByText("abc123track")).toHaveCount(0);
  await page.waitForTimeout(3000); // a few samples for the chart
  await snap(page, testInfo, "dashboard-admin");
  await visitor.context.close();
});
