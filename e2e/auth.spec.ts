import { expect, test } from "@playwright/test";
import { signIn, snap } from "./helpers";

test("signed-out visitors are invited to sign in", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Sign in to see your feed" })).toBeVisible();
  await snap(page, testInfo, "landing");
});

test("a wrong password is refused", async ({ page }, testInfo) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("user123");
  await page.getByLabel("Password").fill("nope");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toHaveText("Wrong username or password.");
  await snap(page, testInfo, "login-error");
});

test("sign in and out", async ({ page }, testInfo) => {
  await signIn(page, "user123");
  await expect(page.getByRole("button", { name: /^Notifications/ })).toBeVisible();
  // The protocol document's console example relies on these.
  await page.waitForFunction(() => typeof window.Socket === "function" && !!localStorage.getItem("jwt_token"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await snap(page, testInfo, "login");
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/login/);
});
