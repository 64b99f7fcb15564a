import { expect, test, type Route } from "@playwright/test";
import { TOKEN_EXPIRED_EVENT } from "../lib/protocol";
import { loadConfig } from "../server/config";
import { TokenVerifier } from "../server/socket/auth";
import { signIn, snap, twoInChatRoom } from "./helpers";

const verifier = new TokenVerifier(loadConfig().JWT_SECRET);
// Longer than the two browsers take to sign in and meet in the room on a busy machine: the page's
// token must run out while it is asleep, not during the setup (where a renewal gets another short one).
const SHORT_TOKEN_SECONDS = 20;

// A laptop that slept past its token refresh: the token runs out, the refresh cannot reach the server,
// the server closes the chat channel with `token_expired` (TOKEN_EXPIRY_GRACE_MS is short in the e2e
// server). Once the network is back the page fetches a token and rejoins by itself, with nothing lost.
test("a chat page whose socket token expired unrefreshed recovers by itself", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  let phase: "short" | "asleep" | "awake" = "short";
  await page.route("**/api/socket-token", async (route: Route) => {
    if (phase === "asleep") return route.abort("internetdisconnected");
    const response = await route.fetch();
    if (phase === "awake" || !response.ok()) return route.fulfill({ response });
    const body = await response.json();
    const token = await verifier.sign(body.user.id, SHORT_TOKEN_SECONDS);
    return route.fulfill({ response, json: { ...body, token, expires_in: SHORT_TOKEN_SECONDS } });
  });
  const room = `/chat/e2e_expiry_${testInfo.project.name}_${Date.now()}`;
  // The chat channel's own token_expired, once asleep.
  let expiredFrames = 0;
  const chatTopic = `"chat:room_${room.split("/").pop()}"`;
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      const frame = String(payload);
      if (phase === "asleep" && frame.includes(chatTopic) && frame.includes(`"${TOKEN_EXPIRED_EVENT}"`)) expiredFrames++;
    }),
  );
  const owner = await twoInChatRoom(page, browser, room, "user123", "owner1");

  phase = "asleep";
  await expect.poll(() => expiredFrames, { timeout: (SHORT_TOKEN_SECONDS + 30) * 1000, message: "the server closes the expired channel" }).toBeGreaterThan(0);
  phase = "awake";

  await owner.page.getByRole("textbox", { name: "Message" }).fill("after your token ran out");
  await owner.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "after your token ran out" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("textbox", { name: "Message" }).fill("still here");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(owner.page.getByTestId("message").filter({ hasText: "still here" })).toBeVisible();
  await snap(page, testInfo, "recovered-after-token-expiry");
  await owner.context.close();
});

// A read sent with a token that ran out (the tab slept past its refresh) gets a 401: the page renews
// the token and reads again, instead of showing "Couldn't load your chats".
test("an API read refused for an expired token renews the token and loads", async ({ page }) => {
  await signIn(page, "user123");
  let refusals = 0;
  let renewals = 0;
  await page.route("**/api/v1/chat/rooms", (route) => {
    if (refusals > 0) return route.fallback();
    refusals++;
    return route.fulfill({ status: 401, json: { error: "unauthorized" } });
  });
  page.on("request", (request) => {
    if (refusals > 0 && request.url().endsWith("/api/socket-token")) renewals++;
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Chat" }).click();
  await expect(page.getByTestId("room-link").first()).toBeVisible();
  await expect(page.getByText("Couldn't load your chats")).toHaveCount(0);
  expect(refusals).toBe(1);
  expect(renewals).toBe(1);
});
