import { expect, test } from "@playwright/test";
import { snap, twoInChatRoom } from "./helpers";

test("the socket drops and the UI recovers by itself, with the missed messages", async ({ page, browser, context }, testInfo) => {
  const room = `/chat/e2e_drop_${testInfo.project.name}_${Date.now()}`;
  const owner = await twoInChatRoom(page, browser, room, "user123", "owner1");

  await context.setOffline(true);
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" })).toBeVisible({ timeout: 40_000 });
  await snap(page, testInfo, "reconnecting");
  // Sent while the first browser is offline.
  await owner.page.getByRole("textbox", { name: "Message" }).fill("sent while you were away");
  await owner.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(owner.page.getByTestId("message").filter({ hasText: "sent while you were away" })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByText("Reconnecting…")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId("message").filter({ hasText: "sent while you were away" })).toBeVisible();
  await page.getByRole("textbox", { name: "Message" }).fill("back online");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(owner.page.getByTestId("message").filter({ hasText: "back online" })).toBeVisible();
  await owner.context.close();
});
