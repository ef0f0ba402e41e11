import { expect, test } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

test("resolved from the inbox, the visitor is asked for a rating, rates by keyboard with a comment, and the agent sees it", async ({
  browser,
}) => {
  const agent = await agentLogsIn(browser, server.url);
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=rating-e2e-device-00001`);
  await expect(visitor.locator("main[data-ready=true]")).toBeAttached();
  const box = visitor.getByRole("textbox", { name: "Write a message" });
  await fillAndSend(box, "Can I return a kettle?");
  const rating = visitor.getByTestId("rating");
  await expect(rating).toBeHidden();

  await agent.getByTestId("conversation-row").filter({ hasText: "Can I return a kettle?" }).click();
  await agent.getByLabel("Reply").fill("Yes, within 30 days.");
  await agent.getByLabel("Reply").press("Enter");
  await agent.getByRole("button", { name: "Resolve", exact: true }).click();

  await expect(rating).toBeVisible();
  await expect(rating.getByRole("radiogroup", { name: "How did we do?" })).toBeVisible();
  const send = rating.getByRole("button", { name: "Send rating" });
  await expect(send).toBeDisabled();
  // Keyboard alone: the first star, then arrows.
  await rating.getByRole("radio", { name: "1 out of 5" }).focus();
  await visitor.keyboard.press("ArrowRight");
  await visitor.keyboard.press("ArrowRight");
  await visitor.keyboard.press("ArrowRight");
  await expect(rating.getByRole("radio", { name: "4 out of 5" })).toHaveAttribute("aria-checked", "true");
  await rating.getByLabel("Anything to add? (optional)").fill("Clear answer, thanks");
  await visitor.screenshot({ path: "test-results/rating-phone.png" });
  await send.click();
  await expect(rating.getByRole("status")).toHaveText("Thanks for your feedback!");

  await expect(agent.getByText("The visitor rated this chat 4/5: “Clear answer, thanks”")).toBeVisible();
  await agent.screenshot({ path: "test-results/rating-inbox.png" });

  // Writing again reopens the chat; the prompt goes away.
  await fillAndSend(box, "One more question");
  await expect(rating).toBeHidden();
});
