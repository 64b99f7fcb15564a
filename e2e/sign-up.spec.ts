import { expect, test } from "@playwright/test";
import { snap } from "./helpers";

test("a new shopper signs up, is refused clearly, then lands on the feed signed in", async ({ page }, testInfo) => {
  const username = `e2e_${testInfo.project.name}_${Date.now() % 1_000_000}`;
  const password = "amber kettle horizon";
  await page.goto("/login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/signup$/);

  // A taken name (in another case) and a guessable password: each field says what to change.
  await page.getByLabel("Your name").fill("Nora Quinn");
  await page.getByLabel("Username").fill("User123");
  await page.getByLabel("Password").fill("password1234");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Username")).toHaveAccessibleDescription("This username is taken, please pick another one.");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/^This password is too easy to guess\./);
  await expect(page.getByLabel("Your name")).toHaveValue("Nora Quinn");
  await snap(page, testInfo, "signup-refused");

  await page.getByLabel("Username").fill("assistant");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Username")).toHaveAccessibleDescription("This username is reserved, please pick another one.");

  await page.getByLabel("Username").fill(username);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.locator('[data-testid=reel][data-index="0"]')).toHaveAttribute("data-active", "true");
  await snap(page, testInfo, "signup-feed");

  // The account is real: out, and back in with the same credentials.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Username").fill(username.toUpperCase());
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});
