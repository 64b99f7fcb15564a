import type { Browser, BrowserContextOptions, TestInfo } from "@playwright/test";
import { signIn } from "../helpers";

/** A new browser context shaped like the running project (phone or desktop), optionally signed in. */
export async function newSession(browser: Browser, testInfo: TestInfo, username: string | null, options: BrowserContextOptions = {}) {
  const { viewport, isMobile, hasTouch, userAgent, deviceScaleFactor, baseURL } = testInfo.project.use;
  const context = await browser.newContext({ viewport, isMobile, hasTouch, userAgent, deviceScaleFactor, baseURL, ...options });
  const page = await context.newPage();
  if (username) await signIn(page, username);
  return { context, page };
}
