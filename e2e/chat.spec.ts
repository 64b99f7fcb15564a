import { expect, test } from "@playwright/test";
import { otherUser, signIn, snap } from "./helpers";

test("two users chat live with typing and read receipts", async ({ page, browser }, testInfo) => {
  const room = `/chat/e2e_${testInfo.project.name}_${Date.now()}`;
  await signIn(page, "user123");
  await page.goto(room);
  const owner = await otherUser(browser, page, "owner1");
  await owner.page.goto(room);
  await expect(page.getByTestId("online-users")).toContainText("owner1");

  await owner.page.getByRole("textbox", { name: "Message" }).pressSequentially("Hi there", { delay: 30 });
  await expect(page.getByTestId("typing-indicator")).toContainText("owner1 is typing");
  await owner.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "Hi there" })).toBeVisible();
  await expect(page.getByTestId("typing-indicator")).toHaveText("");

  // Rendered as text, never as HTML.
  await page.getByRole("textbox", { name: "Message" }).fill("<b>bold?</b> see /orders");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(owner.page.getByTestId("message").filter({ hasText: "<b>bold?</b>" })).toBeVisible();
  // owner1 has the room open, so it is read: user123 sees the receipt.
  await expect(page.getByTestId("read-receipt")).toContainText("owner1");
  await snap(page, testInfo, "chat-room");
  await owner.context.close();
});

test("the @createshop conversation creates a shop", async ({ page }, testInfo) => {
  await signIn(page, "user789");
  await page.goto("/chat");
  await snap(page, testInfo, "chat-list");
  await page.getByRole("link", { name: /Open your own shop/ }).click();
  const input = page.getByRole("textbox", { name: "Message" });
  await expect(input).toBeEnabled();
  await page.getByRole("button", { name: /Open a shop/ }).click();
  const assistant = page.locator('[data-testid=message][data-sender-type="ai"]');
  await expect(assistant.last()).toContainText(/name/i);
  const shopName = `E2E Shop ${testInfo.project.name} ${Date.now() % 100000}`;
  for (const answer of [shopName, "New York", "electronics"]) {
    const count = await assistant.count();
    await input.fill(answer);
    await input.press("Enter");
    await expect(assistant).toHaveCount(count + 1);
  }
  await expect(assistant.last()).toContainText(shopName);
  await expect(assistant.last().getByRole("link", { name: "/shop" })).toHaveAttribute("href", "/shop");
  await snap(page, testInfo, "createshop");

  // The creator owns the shop at once: no second sign-in for the Shop link or the dashboard.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Shop" })).toBeVisible();
  await assistant.last().getByRole("link", { name: "/shop" }).click();
  await expect(page).toHaveURL(/\/shop$/);
  await expect(page.getByRole("heading", { level: 1, name: /^E2E Shop / })).toBeVisible();
  await expect(page.getByText("You don't own a shop yet")).toHaveCount(0);
});

test("a message whose reply was lost is stored once when sent again", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // Between page and server: the reply to the first chat message is lost (the message itself is stored).
  let lostRef: string | null = null;
  let replyLost = false;
  await page.routeWebSocket(/\/socket\/websocket/, (browserSide) => {
    const server = browserSide.connectToServer();
    browserSide.onMessage((frame) => {
      if (lostRef === null && typeof frame === "string") {
        const [, ref, , event] = JSON.parse(frame) as [string | null, string, string, string];
        if (event === "message") lostRef = ref;
      }
      server.send(frame);
    });
    server.onMessage((frame) => {
      if (!replyLost && lostRef !== null && typeof frame === "string") {
        const [, ref, , event] = JSON.parse(frame) as [string | null, string | null, string, string];
        if (event === "phx_reply" && ref === lostRef) {
          replyLost = true;
          return;
        }
      }
      browserSide.send(frame);
    });
  });
  const room = `/chat/e2e_retry_${testInfo.project.name}_${Date.now()}`;
  await signIn(page, "user123");
  await page.goto(room);
  const input = page.getByRole("textbox", { name: "Message" });
  // Joined: presence has come.
  await expect(page.getByText("Only you are here")).toBeVisible();
  const text = `Is the blue one in stock? ${Date.now()}`;
  await input.fill(text);
  await input.press("Enter");
  // No reply: after the push's timeout the page says so and gives the text back to send again.
  await expect(page.getByText("Message not sent (timeout).")).toBeVisible({ timeout: 20_000 });
  await expect(input).toHaveValue(text);
  await input.press("Enter");
  await expect(input).toHaveValue("");
  await expect(page.getByText(/Message not sent/)).toHaveCount(1);
  // Stored once: the room's history after a reload holds it once.
  await page.reload();
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  expect(replyLost).toBe(true);
});
