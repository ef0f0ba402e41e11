import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type FrameLocator, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
let host: HostSite;
let admin: Page;
let databaseFile: string;
const dbDir = mkdtempSync(join(tmpdir(), "parley-queue-e2e-"));

test.beforeAll(async ({ browser }) => {
  databaseFile = join(dbDir, "parley.db");
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "queue-e2e-secret-0123456789abcdefghijkl",
    SEED_DEMO: "1",
  });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin]);
  admin = await agentLogsIn(browser, server.url);
});

test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dbDir, { recursive: true, force: true });
});

function sql(statement: string, ...params: unknown[]) {
  const db = new Database(databaseFile);
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

const words = {
  en: { composer: "Write a message", sent: /^(Sent|Read)$/ },
  "zh-CN": { composer: "写消息", sent: /^(已发送|已读)$/ },
};

async function visitorSays(
  browser: Browser,
  text: string,
  locale: keyof typeof words = "en",
): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(host.origin);
  await page.locator("#parley-widget .l").click();
  const frame = page.frameLocator("#parley-widget iframe");
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  const box = frame.getByRole("textbox", { name: words[locale].composer });
  await fillAndSend(box, text);
  await expect(frame.getByTestId("thread-message").filter({ hasText: text }).locator(".status")).toHaveText(words[locale].sent);
  return { page, frame };
}

test("an agent at capacity: two queued visitors see #1 and #2, and when the agent resolves the second moves to #1 live", async ({
  browser,
}) => {
  // The seeded Support team (the demo admin alone) serves the demo site; the admin takes one chat at a time.
  sql(`UPDATE "User" SET "maxConcurrentChats" = 1`);

  await admin.bringToFront();
  await admin.getByRole("tab", { name: "Mine" }).click();
  const busy = await visitorSays(browser, "My kettle will not boil");
  await expect(admin.getByTestId("conversation-row").filter({ hasText: "My kettle will not boil" })).toBeVisible();
  await expect(busy.frame.getByTestId("queue-status")).toBeHidden();

  // The team's history the estimate reads: three quick chats it handled earlier (copies of the busy one, resolved).
  for (const id of ["history0000000000000000001", "history0000000000000000002", "history0000000000000000003"]) {
    sql(
      `INSERT INTO "Conversation" ("id", "organizationId", "siteId", "visitorId", "state", "teamId", "createdAt", "updatedAt", "firstResponseAt", "resolvedAt")
       SELECT ?, "organizationId", "siteId", "visitorId", 'resolved', "teamId", "createdAt", "updatedAt", "createdAt", "createdAt"
       FROM "Conversation" WHERE "state" = 'assigned'`,
      id,
    );
  }

  const first = await visitorSays(browser, "Where is my order?");
  await expect(first.frame.getByTestId("queue-status")).toHaveText("You're #1 in line · usually under 2 minutes");
  const second = await visitorSays(browser, "请问可以退货吗？", "zh-CN");
  await expect(second.frame.getByTestId("queue-status")).toHaveText("您排在第 2 位 · 通常不到 2 分钟");
  await expect(first.frame.getByTestId("queue-status")).toHaveText("You're #1 in line · usually under 2 minutes");
  await expect(first.frame.getByTestId("queue-status")).toHaveAttribute("aria-live", "polite");
  await first.page.screenshot({ path: "test-results/queue-position-en.png" });
  await second.page.screenshot({ path: "test-results/queue-position-zh.png" });

  await admin.getByTestId("conversation-row").filter({ hasText: "My kettle will not boil" }).click();
  await admin.getByRole("button", { name: "Resolve", exact: true }).click();

  // The slot went to #1: their line goes away and the agent joins; #2 moved up without reloading.
  await expect(first.frame.getByTestId("queue-status")).toBeHidden();
  await expect(first.frame.getByTestId("thread-event").filter({ hasText: "Demo Admin joined" })).toBeVisible();
  await expect(second.frame.getByTestId("queue-status")).toHaveText("您排在第 1 位 · 通常不到 2 分钟");
  await second.page.screenshot({ path: "test-results/queue-position-zh-moved.png" });
});
