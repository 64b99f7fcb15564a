import { expect, test } from "@playwright/test";
import { otherUser, signIn, snap, socketOpen } from "./helpers";

test("a shopper messages a shop from its page; the owner reads it in the dashboard inbox and answers", async ({ page, browser }, testInfo) => {
  // One conversation per shopper and shop: both projects write into it, so every text is their own.
  const stamp = `${testInfo.project.name} ${Date.now()}`;
  const question = `Is the lamp warm white? (${stamp})`;
  const answer = `Yes: 3000 K, and it dims. (${stamp})`;
  await signIn(page, "user789");
  await page.goto("/s/shop_1");
  await expect(page.getByRole("heading", { name: "Hudson Tech", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Products of Hudson Tech" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Follow(ing)? Hudson Tech$/ })).toBeVisible();
  await snap(page, testInfo, "shop-page");

  await page.getByRole("button", { name: "Message Hudson Tech" }).click();
  await expect(page).toHaveURL(/\/chat\/shop\.shop_1\.user789$/);
  await socketOpen(page);
  await page.getByRole("textbox", { name: "Message" }).fill(question);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: question })).toBeVisible();

  const owner = await otherUser(browser, page, "owner1");
  await owner.page.goto("/shop");
  const conversation = owner.page.getByTestId("shop-inbox").getByRole("link").filter({ hasText: "Priya Nair" });
  await expect(conversation).toContainText(question);
  await snap(owner.page, testInfo, "shop-inbox");
  await conversation.click();
  await expect(owner.page.getByTestId("message").filter({ hasText: question })).toBeVisible();
  await owner.page.getByRole("textbox", { name: "Message" }).fill(answer);
  await owner.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: answer })).toBeVisible();
  await owner.context.close();
});

test("a reel's shop name opens the shop's page, and its Message button the conversation", async ({ page }, testInfo) => {
  await signIn(page, "user456");
  const reel = page.locator('[data-testid=reel][data-active="true"]');
  const shopLink = reel.locator('a[href^="/s/"]');
  await expect(shopLink).toBeVisible();
  const shopName = (await shopLink.textContent())!.trim();
  const shopPath = (await shopLink.getAttribute("href"))!;
  await shopLink.click();
  await expect(page).toHaveURL(new RegExp(`${shopPath}$`));
  await expect(page.getByRole("heading", { name: shopName, level: 1 })).toBeVisible();

  await page.goBack();
  await reel.getByRole("button", { name: `Message ${shopName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/chat/shop\\.${shopPath.slice("/s/".length)}\\.user456$`));
  await expect(page.getByRole("heading", { name: shopName })).toBeVisible();
  await snap(page, testInfo, "conversation-from-reel");
});
