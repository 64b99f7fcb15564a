import { expect, type Browser, type Page, type TestInfo } from "@playwright/test";

export const PASSWORD = "market";

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A second, independent browser (own cookies) signed in as `username`, sized like `like`. */
export async function otherUser(browser: Browser, like: Page, username: string) {
  const size = like.viewportSize() ?? { width: 1280, height: 800 };
  const context = await browser.newContext({ viewport: size, baseURL: new URL(like.url()).origin });
  const page = await context.newPage();
  await signIn(page, username);
  return { context, page };
}

/** Waits for the tab's socket to be open (the app exposes it as window.__rmSocket). */
export async function socketOpen(page: Page) {
  await page.waitForFunction(() => window.__rmSocket?.isConnected() === true);
}

/** Saves a screenshot as a test artifact (and in test-results for a look). */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** `page` signed in as `username` in chat `room`, and a second browser of `other` there too, each seeing the other online. */
export async function twoInChatRoom(page: Page, browser: Browser, room: string, username: string, other: string) {
  await signIn(page, username);
  await page.goto(room);
  await socketOpen(page);
  const second = await otherUser(browser, page, other);
  await second.page.goto(room);
  await expect(page.getByTestId("online-users")).toContainText(other);
  return second;
}
