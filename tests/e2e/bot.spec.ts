import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startFakeLlm } from "../support/fake-llm.ts";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
let host: HostSite;
let llm: Awaited<ReturnType<typeof startFakeLlm>>;
let admin: Page;
const dbDir = mkdtempSync(join(tmpdir(), "parley-bot-e2e-"));

test.beforeAll(async ({ browser }) => {
  const databaseFile = join(dbDir, "parley.db");
  llm = await startFakeLlm();
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "bot-e2e-secret-0123456789abcdefghijkl",
    SEED_DEMO: "1",
    LLM_ALLOW_PRIVATE: "1",
  });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin]);
  admin = await agentLogsIn(browser, server.url);
});

test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  await llm?.close();
  rmSync(dbDir, { recursive: true, force: true });
});

const panel = (page: Page) => page.frameLocator("#parley-widget iframe");

async function visitorSays(page: Page, text: string) {
  const frame = panel(page);
  await fillAndSend(frame.getByRole("textbox", { name: "Write a message" }), text);
}

test("the bot: configured in the dashboard, answers from the FAQ, streams an LLM answer, hands off, and the agent gets the transcript and a drafted reply", async ({
  browser,
}) => {
  // The admin sets up the bot: FAQ + LLM against the local fake endpoint, one FAQ entry, one document.
  await admin.goto(`${server.url}/dashboard/bot`);
  await admin.getByRole("radio", { name: "FAQ + LLM" }).check();
  await admin.getByLabel("Bot name").fill("Kettle Bot");
  await admin.getByLabel("Base URL").fill(llm.baseUrl);
  await admin.getByLabel("Model").fill("fake-model");
  await admin.getByLabel("API key").fill("sk-e2e-key");
  await admin.getByRole("button", { name: "Save" }).first().click();
  await expect(admin.getByText("A key is stored (encrypted). Leave empty to keep it.")).toBeVisible();
  await admin.getByLabel("Ways of asking (one per line)").fill("How do I return an item?\n如何退货");
  await admin.getByLabel("Answer", { exact: true }).fill("Returns are free within 30 days.");
  await admin.getByRole("button", { name: "Add FAQ entry" }).click();
  await expect(admin.getByTestId("faq-row")).toContainText("Returns are free within 30 days.");
  await admin.getByLabel("Title").fill("Kettles");
  await admin.getByLabel("Text or Markdown").fill("# Descaling\n\nDescale your kettle monthly with citric acid.");
  await admin.getByRole("button", { name: "Add document" }).click();
  await expect(admin.getByTestId("document-row")).toContainText("Kettles");
  await admin.getByLabel("Question").fill("请问怎么退货");
  await admin.getByRole("button", { name: "Ask" }).click();
  await expect(admin.getByTestId("bot-test-result")).toContainText("Returns are free within 30 days.");
  await expect(admin.getByTestId("bot-test-result")).toContainText("From the FAQ");
  await admin.screenshot({ path: "test-results/bot-dashboard.png", fullPage: true });

  // A visitor asks an FAQ question: the bot answers, nobody is routed.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${host.origin}/`);
  await visitor.locator("#parley-widget .l").click();
  const frame = panel(visitor);
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  await visitorSays(visitor, "How do I return an item?");
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Returns are free within 30 days." })).toBeVisible();
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Returns are free within 30 days." })).toContainText("Kettle Bot");

  // A question the FAQ does not answer goes to the LLM, which streams: the bubble grows, then the stored message replaces it.
  const tokens = ["Descale ", "your ", "kettle ", "once ", "a ", "month ", "with ", "citric ", "acid, ", "then ", "rinse ", "twice."];
  llm.respond({ kind: "stream", tokens, tokenDelayMs: 300 });
  await visitorSays(visitor, "how often should I descale my kettle");
  const partial = frame.getByTestId("bot-partial");
  await expect(partial).toContainText("Descale your kettle");
  await expect(partial).not.toContainText("rinse twice.");
  await visitor.screenshot({ path: "test-results/bot-widget-streaming.png" });
  await expect(frame.getByTestId("thread-message").filter({ hasText: tokens.join("") })).toBeVisible();
  await expect(partial).toHaveCount(0);
  expect(llm.requests.at(-1)!.authorization).toBe("Bearer sk-e2e-key");
  expect(llm.requests.at(-1)!.body.messages[0]!.content).toContain("citric acid");

  // The visitor asks for a human: a polite line, then the conversation waits for an agent.
  await visitorSays(visitor, "转人工");
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Let me connect you with a member of our team" })).toBeVisible();
  await expect(frame.getByText("Waiting for an agent")).toBeVisible();
  await visitor.screenshot({ path: "test-results/bot-widget-handoff.png" });

  // The agent sees the whole bot transcript and why it handed off; Suggest reply drafts into the composer, and sends nothing.
  await admin.goto(`${server.url}/inbox`);
  const row = admin.getByTestId("conversation-row").filter({ hasText: "Let me connect you" });
  await row.click();
  await expect(
    admin.getByTestId("thread-event").filter({ hasText: "The bot handed off after 2 replies: the visitor asked for a human" }),
  ).toBeVisible();
  await expect(admin.getByTestId("thread-message").filter({ hasText: tokens.join("") })).toBeVisible();
  llm.respond({ kind: "stream", tokens: ["Hi! ", "I'm ", "here ", "to ", "help."] });
  await admin.getByRole("button", { name: "Suggest reply" }).click();
  await expect(admin.getByLabel("Reply", { exact: true })).toHaveValue("Hi! I'm here to help.");
  await admin.screenshot({ path: "test-results/bot-inbox-handoff.png" });
  await expect(admin.getByTestId("thread-message").filter({ hasText: "Hi! I'm here to help." })).toHaveCount(0);
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Hi! I'm here to help." })).toHaveCount(0);

  // The agent sends it: the bot stays silent from now on, even for a question it could answer.
  await admin.getByLabel("Reply", { exact: true }).press("Enter");
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Hi! I'm here to help." })).toBeVisible();
  await visitorSays(visitor, "How do I return an item?");
  await expect(admin.getByTestId("thread-message").filter({ hasText: "How do I return an item?" })).toHaveCount(2);
  await admin.getByLabel("Reply", { exact: true }).fill("Let me check that for you.");
  await admin.getByLabel("Reply", { exact: true }).press("Enter");
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Let me check that for you." })).toBeVisible();
  await expect(frame.getByTestId("thread-message").filter({ hasText: "Returns are free within 30 days." })).toHaveCount(1);

  // The bot's figures: one conversation, handed off after two answers because the visitor asked.
  await admin.goto(`${server.url}/dashboard/bot`);
  const report = admin.getByTestId("bot-report");
  await expect(report).toContainText("Conversations with the bot1");
  await expect(report).toContainText("Handed off100%");
  await expect(report).toContainText("Bot answers before hand-off2.0");
  await expect(admin.getByText("the visitor asked for a human: 1")).toBeVisible();
  await admin.screenshot({ path: "test-results/bot-dashboard-report.png", fullPage: true });

  // Simplified Chinese.
  await admin.goto(`${server.url}/dashboard/bot?lang=zh-CN`);
  await expect(admin.getByRole("heading", { name: "机器人设置" })).toBeVisible();
  await expect(admin.getByRole("radio", { name: "常见问题 + 大模型" })).toBeChecked();
  await expect(admin.getByText("访客要求人工服务: 1")).toBeVisible();
});
