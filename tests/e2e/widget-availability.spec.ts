import { expect, test } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

// Issue #13, defect 2: the widget's online/away state follows the server live, switching offline form and composer.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

test("the panel switches from the offline form to the composer when an agent comes online, and back when they leave", async ({
  browser,
}) => {
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=availability-e2e-0001`);
  await expect(visitor.locator("main[data-ready=true]")).toBeAttached();
  await expect(visitor.getByTestId("offline-form")).toBeVisible();
  await expect(visitor.getByText("We're away — leave a message and we'll reply here")).toBeVisible();

  const agent = await agentLogsIn(browser, server.url);
  await expect(visitor.getByTestId("offline-form")).toBeHidden();
  await expect(visitor.getByRole("textbox", { name: "Write a message" })).toBeVisible();
  await expect(visitor.getByText("We reply in a few minutes")).toBeVisible();

  await agent.getByLabel("My status").selectOption("offline");
  await expect(visitor.getByTestId("offline-form")).toBeVisible();
  await expect(visitor.getByText("We're away — leave a message and we'll reply here")).toBeVisible();
  await agent.context().close();
  await visitor.context().close();
});

test("a visitor who left a message while nobody was online sees the header turn online when an agent answers", async ({ browser }) => {
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=availability-e2e-0002`);
  const form = visitor.getByTestId("offline-form");
  await expect(form).toBeVisible();
  await form.getByLabel("Your name").fill("Ada");
  await form.getByLabel("Email").fill("ada@example.com");
  await form.getByLabel("Message").fill("Is the kettle in stock?");
  await form.getByRole("button", { name: "Leave a message" }).click();
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Is the kettle in stock?" })).toBeVisible();
  await expect(visitor.getByText("We're away — leave a message and we'll reply here")).toBeVisible();

  const agent = await agentLogsIn(browser, server.url);
  await expect(visitor.getByText("We reply in a few minutes")).toBeVisible();
  await agent.getByTestId("conversation-row").filter({ hasText: "Is the kettle in stock?" }).click();
  await agent.getByLabel("Reply").fill("Yes, two left.");
  await agent.getByLabel("Reply").press("Enter");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Yes, two left." })).toBeVisible();
  await expect(visitor.getByText("We're away — leave a message and we'll reply here")).toBeHidden();
  await agent.context().close();
  await visitor.context().close();
});
