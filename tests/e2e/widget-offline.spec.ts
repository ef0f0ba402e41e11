import { expect, test } from "@playwright/test";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

let server: RunningServer;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

test.beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ SMTP_URL: sink.url, MAIL_FROM: "Demo support <support@demo.test>", EMAIL_REPLY_AFTER_SECONDS: "0" });
});

test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  await sink?.close();
});

test("nobody online: the visitor leaves a message with their email; the agent's reply reaches them by email", async ({ browser }) => {
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=offline-e2e-device-0001`);
  await expect(visitor.locator("main[data-ready=true]")).toBeAttached();
  const form = visitor.getByTestId("offline-form");
  await expect(form).toBeVisible();
  await expect(visitor.getByRole("textbox", { name: "Write a message" })).toBeHidden();
  await form.getByLabel("Your name").fill("Grace Hopper");
  await form.getByLabel("Email").fill("grace@navy.example");
  await form.getByLabel("Message").fill("My order #1921 has not arrived");
  await visitor.screenshot({ path: "test-results/widget-offline-form.png" });
  await form.getByRole("button", { name: "Leave a message" }).click();
  await expect(form).toBeHidden();
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "My order #1921 has not arrived" })).toBeVisible();
  await expect(visitor.getByRole("textbox", { name: "Write a message" })).toBeVisible();
  await visitor.context().close();

  // Later, an agent answers; the visitor is gone, so the reply goes by email.
  const agent = await agentLogsIn(browser, server.url);
  await agent.getByTestId("conversation-row").filter({ hasText: "My order #1921 has not arrived" }).click();
  await expect(agent.getByText("Grace Hopper").first()).toBeVisible();
  await agent.getByLabel("Reply").fill("Sorry Grace, it ships today.");
  await agent.getByLabel("Reply").press("Enter");
  await expect.poll(() => sink.received.length, { timeout: 20_000 }).toBe(1);
  expect(sink.received[0]!.to).toEqual(["grace@navy.example"]);
  expect(sink.received[0]!.raw).toContain("Sorry Grace, it ships today.");
});
