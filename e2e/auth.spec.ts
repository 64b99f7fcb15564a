import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createUser } from "../server/store/repositories/users.repository";
import { PASSWORD, signIn, snap } from "./helpers";
import { openE2eDatabase } from "./support/database";
import { E2E_DATABASE_URL } from "./support/paths";

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
  // A tracking link opened in another tab is a public page: it leaves the session's token alone.
  const trackingTab = await page.context().newPage();
  await trackingTab.goto("/track/abc123track");
  await expect(trackingTab.getByText("Live", { exact: true })).toBeVisible();
  await trackingTab.close();
  expect(await page.evaluate(() => localStorage.getItem("jwt_token"))).toBeTruthy();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Nothing of the session stays in the browser.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("jwt_token"))).toBeNull();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await snap(page, testInfo, "login");
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failed sign-ins are refused for a while with a clear message; a success never counts", async ({ page }, testInfo) => {
  // Its own username per project: the limit holds for a quarter of an hour.
  const username = `locked_${testInfo.project.name}`;
  const attempt = async (password: string) => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#login-error")).toBeVisible();
    return page.locator("#login-error").textContent();
  };
  // An unknown username fails like a wrong password, and counts the same.
  for (let i = 0; i < 5; i++) expect(await attempt(`guess-${i}`)).toBe("Wrong username or password.");
  expect(await attempt("guess-5")).toBe("Too many failed attempts. Wait 15 minutes before you try again.");
  await snap(page, testInfo, "login-too-many");
  // Other accounts from the same address are not locked out.
  await signIn(page, "user123");
  await expect(page.getByRole("button", { name: /^Notifications/ })).toBeVisible();
});

test("a user disabled with the admin CLI gets no more socket tokens and cannot sign in again", async ({ page }, testInfo) => {
  const username = `e2e_off_${testInfo.project.name}_${Date.now() % 1_000_000}`;
  const store = openE2eDatabase();
  try {
    await createUser(store.db, { username, displayName: "Soon Disabled", password: PASSWORD });
  } finally {
    await store.close();
  }
  await signIn(page, username);
  expect((await page.request.get("/api/socket-token")).status()).toBe(200);

  execFileSync("npx", ["tsx", "scripts/admin.ts", "disable", username], { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, stdio: "pipe" });
  const refused = await page.request.get("/api/socket-token");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: "unauthorized" });

  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});
