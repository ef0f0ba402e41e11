import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { fillAndSend } from "./support/composer.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite } from "./support/widget-host.ts";

let server: RunningServer;
const dataDir = mkdtempSync(join(tmpdir(), "parley-conversations-e2e-"));
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };
const device = "two-conversations-device-0001";

test.beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir });
});

test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

async function openChat(page: Page, locale: "en" | "zh-CN", deviceId = device) {
  await page.goto(`${server.url}/chat/demo?deviceId=${deviceId}${locale === "zh-CN" ? "&locale=zh-CN" : ""}`);
  await expect(page.locator("main[data-ready=true]")).toBeAttached({ timeout: 30_000 });
}

test("a visitor keeps separate conversations: 'New conversation' after a resolve, the list in the widget (past ones read-only), and every one in the agent's panel", async ({
  browser,
}) => {
  const agent = await agentLogsIn(browser, server.url);
  await agent.setViewportSize(desktop);
  const visitorContext = await browser.newContext({ viewport: phone });
  const visitor = await visitorContext.newPage();
  await openChat(visitor, "en");
  const box = visitor.getByRole("textbox", { name: "Write a message" });

  // The first matter: answered and resolved by the agent.
  await fillAndSend(box, "My kettle leaks from the lid");
  await agent.getByTestId("conversation-row").filter({ hasText: "My kettle leaks from the lid" }).click();
  await agent.getByLabel("Reply").fill("A new lid is on its way.");
  await agent.getByLabel("Reply").press("Enter");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "A new lid is on its way." })).toBeVisible();
  await agent.getByRole("button", { name: "Resolve" }).click();
  await expect(visitor.getByTestId("thread-event").filter({ hasText: "Conversation resolved" })).toBeVisible();

  // Behind one tap: the list, with "New conversation" now that the current one is resolved.
  await visitor.getByTestId("conversations-toggle").click();
  await expect(visitor.getByTestId("conversation-item")).toHaveCount(1);
  await visitor.getByTestId("new-conversation").click();
  await expect(visitor.getByTestId("thread-message")).toHaveCount(0);
  await fillAndSend(box, "Where is my order 4411?");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Where is my order 4411?" }).locator(".status")).toHaveText(
    /^(Sent|Read)$/,
  );
  // The old matter's messages are not in the new thread.
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "My kettle leaks" })).toHaveCount(0);

  // The agent sees a second conversation, and the visitor panel lists both with their states.
  await agent.getByTestId("conversation-row").filter({ hasText: "Where is my order 4411?" }).click();
  const listed = agent.getByTestId("visitor-conversation");
  await expect(listed).toHaveCount(2);
  await expect(listed.nth(0)).toContainText("Where is my order 4411?");
  await expect(listed.nth(1)).toContainText("Resolved");
  await expect(listed.nth(1)).toContainText("A new lid is on its way.");
  await agent.screenshot({ path: "test-results/conversations-agent-desktop-en.png" });
  // The link opens the earlier conversation in the inbox.
  await listed.nth(1).click();
  await expect(agent.getByTestId("thread-message").filter({ hasText: "My kettle leaks from the lid" })).toBeVisible();

  // The widget's list: newest first, the current one marked, the past one read-only.
  await visitor.getByTestId("conversations-toggle").click();
  const items = visitor.getByTestId("conversation-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("Current");
  await expect(items.nth(0)).toContainText("Where is my order 4411?");
  await expect(items.nth(1)).toContainText("Resolved");
  await expect(visitor.getByTestId("new-conversation")).toHaveCount(0);
  await visitor.screenshot({ path: "test-results/conversations-widget-phone-en.png" });
  await items.nth(1).click();
  const past = visitor.getByTestId("past-conversation");
  await expect(past).toContainText("My kettle leaks from the lid");
  await expect(past).toContainText("A new lid is on its way.");
  await expect(box).toBeHidden();
  await visitor.screenshot({ path: "test-results/conversations-widget-past-phone-en.png" });
  await visitor.setViewportSize(desktop);
  await visitor.screenshot({ path: "test-results/conversations-widget-past-desktop-en.png" });
  await visitor.getByRole("button", { name: "All conversations" }).click();
  await visitor.screenshot({ path: "test-results/conversations-widget-desktop-en.png" });
  await visitor.getByRole("button", { name: "Back to chat" }).click();
  await expect(box).toBeVisible();
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Where is my order 4411?" })).toBeVisible();

  // In Chinese, on the same device: the same list.
  const zh = await (await browser.newContext({ viewport: phone, locale: "zh-CN" })).newPage();
  await openChat(zh, "zh-CN");
  await zh.getByTestId("conversations-toggle").click();
  await expect(zh.getByTestId("conversation-item")).toHaveCount(2);
  await expect(zh.getByTestId("conversation-item").nth(0)).toContainText("当前");
  await expect(zh.getByTestId("conversation-item").nth(1)).toContainText("已结束");
  await zh.screenshot({ path: "test-results/conversations-widget-phone-zh.png" });
  await zh.setViewportSize(desktop);
  await zh.getByTestId("conversation-item").nth(1).click();
  await expect(zh.getByTestId("past-conversation")).toContainText("My kettle leaks from the lid");
  await zh.screenshot({ path: "test-results/conversations-widget-past-desktop-zh.png" });
  await agent.goto(`${server.url}/inbox?lang=zh-CN`);
  await agent.getByTestId("conversation-row").filter({ hasText: "Where is my order 4411?" }).click();
  await expect(agent.getByTestId("visitor-conversation")).toHaveCount(2);
  await expect(agent.getByTestId("visitor-panel")).toContainText("会话记录");
  await agent.screenshot({ path: "test-results/conversations-agent-desktop-zh.png" });
  await agent.setViewportSize(phone);
  await agent.screenshot({ path: "test-results/conversations-agent-phone-zh.png" });

  await zh.context().close();
  await visitorContext.close();
  await agent.context().close();
});

test("once the site's quiet time has passed, the visitor's next message starts a new conversation, and the open panel follows it live", async ({
  browser,
}) => {
  // Quiet time 0: every message after a resolve starts a new conversation.
  configureSite(join(dataDir, "parley.db"), "demo", [server.url], { newConversationAfterMinutes: 0 });
  const agent = await agentLogsIn(browser, server.url);
  await agent.setViewportSize(desktop);
  const visitor = await (await browser.newContext({ viewport: phone })).newPage();
  await openChat(visitor, "en", "quiet-time-device-000001");
  const box = visitor.getByRole("textbox", { name: "Write a message" });
  await fillAndSend(box, "Is the copper kettle back in stock?");
  await agent.getByTestId("conversation-row").filter({ hasText: "Is the copper kettle back in stock?" }).click();
  await agent.getByRole("button", { name: "Resolve" }).click();
  await expect(visitor.getByTestId("thread-event").filter({ hasText: "Conversation resolved" })).toBeVisible();

  // No button pressed: the message itself starts the new conversation, and the panel shows only it.
  await fillAndSend(box, "And do you ship to Norway?");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Is the copper kettle" })).toHaveCount(0);
  await agent.getByTestId("conversation-row").filter({ hasText: "And do you ship to Norway?" }).click();
  await expect(agent.getByTestId("visitor-conversation")).toHaveCount(2);
  await agent.getByLabel("Reply").fill("Yes, in 5 days.");
  await agent.getByLabel("Reply").press("Enter");
  // The reply in the new conversation arrives live: the panel followed it.
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Yes, in 5 days." })).toBeVisible();
  await visitor.context().close();
  await agent.context().close();
});
