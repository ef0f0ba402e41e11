import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
let host: HostSite;
let otherHost: HostSite;
let agent: Page;
let databaseFile: string;
const dbDir = mkdtempSync(join(tmpdir(), "parley-widget-e2e-"));

test.beforeAll(async ({ browser }) => {
  databaseFile = join(dbDir, "parley.db");
  // A named SQLite file, so the test can point the demo site at the host page's origin.
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "widget-e2e-secret-0123456789abcdefghij",
    SEED_DEMO: "1",
  });
  host = await startHostSite(server.url);
  otherHost = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin], {
    color: "#0f766e",
    greeting: "Welcome to Acme! Ask us anything.",
    launcherText: "Chat with us",
  });
  agent = await agentLogsIn(browser, server.url);
});

test.afterAll(async () => {
  await Promise.all([host?.close(), otherHost?.close()]);
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dbDir, { recursive: true, force: true });
});

async function visitorOnHost(browser: Browser, query = "", viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${host.origin}/${query}`);
  return page;
}

const launcher = (page: Page) => page.locator("#parley-widget .l");
const panel = (page: Page) => page.frameLocator("#parley-widget iframe");

async function openAndSend(page: Page, text: string) {
  await launcher(page).click();
  const frame = panel(page);
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  await fillAndSend(frame.getByRole("textbox", { name: "Write a message" }), text);
  await expect(frame.getByTestId("thread-message").filter({ hasText: text }).locator(".status")).toHaveText(/^(Sent|Read)$/);
}

async function agentReplies(said: string, reply: string) {
  const row = agent.getByTestId("conversation-row").filter({ hasText: said });
  await expect(row).toBeVisible();
  await row.click();
  await expect(agent.getByTestId("thread-message").filter({ hasText: said })).toBeVisible();
  await agent.getByLabel("Reply").fill(reply);
  await agent.getByLabel("Reply").press("Enter");
}

test("budgets: the loader is at most 4 KB and the panel's JS at most 40 KB gzipped", () => {
  const gzipped = (file: string) => gzipSync(readFileSync(join("public/widget", file)), { level: 9 }).length;
  expect(gzipped("loader.js")).toBeLessThanOrEqual(4 * 1024);
  expect(gzipped("panel.js")).toBeLessThanOrEqual(40 * 1024);
});

test("a visitor on another origin chats with an agent, keeps the thread on reload, and sees badge and preview while closed", async ({
  browser,
}) => {
  const visitor = await visitorOnHost(browser);
  await expect(launcher(visitor).locator(".t")).toHaveText("Chat with us");
  await expect(launcher(visitor)).toHaveAccessibleName("Open chat");
  // Opened with the launcher, the panel has the keyboard: typing goes straight into the composer.
  await launcher(visitor).click();
  await expect(panel(visitor).locator("main[data-ready=true]")).toBeAttached();
  await expect(async () => {
    await visitor.keyboard.type("x");
    await expect(panel(visitor).getByRole("textbox", { name: "Write a message" })).toHaveValue(/x/, { timeout: 500 });
  }).toPass({ timeout: 5_000 });
  await panel(visitor).getByRole("textbox", { name: "Write a message" }).fill("");
  await launcher(visitor).click();
  await openAndSend(visitor, "Do you ship kettles to Lyon?");
  await expect(panel(visitor).getByTestId("greeting")).toContainText("Welcome to Acme! Ask us anything.");
  await agentReplies("Do you ship kettles to Lyon?", "Yes, in 3 days. See https://example.com/shipping");
  const reply = panel(visitor).getByTestId("thread-message").filter({ hasText: "Yes, in 3 days." });
  await expect(reply).toBeVisible();
  // Links are links; nothing else is HTML.
  await expect(reply.getByRole("link", { name: "https://example.com/shipping" })).toHaveAttribute("rel", /noopener/);
  await visitor.screenshot({ path: "test-results/widget-desktop-open.png" });

  // Escape closes and gives focus back to the launcher.
  await panel(visitor).getByRole("textbox", { name: "Write a message" }).press("Escape");
  await expect(launcher(visitor)).toBeFocused();
  await agent.getByLabel("Reply").fill("Anything else I can help with?");
  await agent.getByLabel("Reply").press("Enter");
  await expect(visitor.locator("#parley-widget .b")).toHaveText("1");
  await expect(visitor.locator("#parley-widget .p")).toHaveText("Anything else I can help with?");
  await visitor.screenshot({ path: "test-results/widget-desktop-badge.png" });
  expect(await visitor.evaluate(() => (window as unknown as { parleyEvents: [string][] }).parleyEvents.map(([name]) => name))).toEqual(
    expect.arrayContaining(["ready", "open", "close", "message", "unread"]),
  );

  // The thread survives a reload; opening reads it.
  await visitor.reload();
  await expect(visitor.locator("#parley-widget .b")).toHaveText("1");
  await launcher(visitor).click();
  await expect(panel(visitor).getByTestId("thread-message").filter({ hasText: "Anything else I can help with?" })).toBeVisible();
  await expect(visitor.locator("#parley-widget .b")).toBeHidden();
  await visitor.context().close();
});

test("two tabs of the same visitor show one thread", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(host.origin);
  await second.goto(host.origin);
  await launcher(second).click();
  await expect(panel(second).locator("main[data-ready=true]")).toBeAttached();
  await openAndSend(first, "Sent from the first tab");
  await expect(panel(second).getByTestId("thread-message").filter({ hasText: "Sent from the first tab" })).toBeVisible();
  await context.close();
});

test("SDK calls made before the loader arrives take effect: open and Chinese", async ({ browser }) => {
  const query = `?before=${encodeURIComponent(JSON.stringify([["setLocale", "zh-CN"], ["open"]]))}`;
  const visitor = await visitorOnHost(browser, query);
  const frame = panel(visitor);
  await expect(frame.getByPlaceholder("输入消息…")).toBeVisible();
  await expect(frame.getByRole("button", { name: "发送" })).toBeVisible();
  await expect(launcher(visitor)).toHaveAccessibleName("关闭聊天");
  await visitor.context().close();
});

test("identify with a hash that is not the site's HMAC stores the visitor as unverified", async ({ browser }) => {
  const user = { id: "user-9", name: "Eve Example", email: "eve@example.com", hash: "0".repeat(64) };
  const visitor = await visitorOnHost(
    browser,
    `?before=${encodeURIComponent(
      JSON.stringify([
        ["identify", user],
        ["setAttributes", { plan: "pro" }],
      ]),
    )}`,
  );
  await openAndSend(visitor, "Who am I?");
  const stored = () => {
    const db = new Database(databaseFile, { readonly: true });
    try {
      return db
        .prepare('SELECT "name", "externalId", "identityVerified", "attributes" FROM "Visitor" WHERE "externalId" = ?')
        .get("user-9");
    } finally {
      db.close();
    }
  };
  await expect.poll(stored).toMatchObject({ name: "Eve Example", externalId: "user-9", identityVerified: 0, attributes: '{"plan":"pro"}' });
  await visitor.context().close();
});

test("older history loads when the visitor scrolls up", async ({ browser }) => {
  const visitor = await visitorOnHost(browser);
  await openAndSend(visitor, "message 1");
  // 39 more through the HTTP API with this visitor's device id, as an app would send them.
  const deviceId = await visitor.evaluate(() => localStorage.getItem("parley:device:demo"));
  const api = visitor.context().request;
  const session = await api.post(`${server.url}/api/trpc/widget.session`, {
    headers: { origin: host.origin },
    data: { siteKey: "demo", deviceId },
  });
  const token = (await session.json()).result.data.token as string;
  for (let index = 2; index <= 40; index++) {
    const sent = await api.post(`${server.url}/api/trpc/visitor.send`, {
      headers: { authorization: `Bearer ${token}` },
      data: { clientMsgId: `history-${String(index).padStart(4, "0")}`, body: `message ${index}` },
    });
    expect(sent.status()).toBe(200);
  }
  await visitor.reload();
  // The panel was open, so it opens again on the reloaded page (issue #13, defect 12).
  await expect(launcher(visitor)).toHaveAttribute("aria-expanded", "true");
  const frame = panel(visitor);
  await expect(frame.getByTestId("thread-message").filter({ hasText: /^You: message 40(Sent|Read)$/ })).toBeVisible();
  await expect(frame.getByTestId("thread-message").filter({ hasText: /^You: message 1(Sent|Read)$/ })).toHaveCount(0);
  await expect(frame.getByTestId("greeting")).toHaveCount(0);
  await frame.locator(".scroller").evaluate((scroller) => scroller.scrollTo(0, 0));
  await expect(frame.getByTestId("thread-message").filter({ hasText: /^You: message 1(Sent|Read)$/ })).toBeAttached();
  // The whole thread is there now, and the greeting heads it again.
  await expect(frame.getByTestId("greeting")).toHaveCount(1);
  await visitor.context().close();
});

test("on a phone the open panel fills the screen", async ({ browser }) => {
  const visitor = await visitorOnHost(browser, "", { width: 390, height: 844 });
  await launcher(visitor).click();
  await expect(panel(visitor).locator("main[data-ready=true]")).toBeAttached();
  // Read once the opening transition has settled.
  const frameBox = async () => {
    const box = await visitor.locator("#parley-widget iframe").boundingBox();
    return box && { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
  };
  await expect.poll(frameBox).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  await visitor.screenshot({ path: "test-results/widget-phone-open.png" });
  await visitor.context().close();
});

test("a page on an origin the site does not allow gets no widget and a clear console error", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(otherHost.origin);
  await expect.poll(() => errors.join("\n")).toContain(`origin ${otherHost.origin} is not allowed to embed the widget of site "demo"`);
  // …and says where the site owner fixes it.
  expect(errors.join("\n")).toContain("(add it in Dashboard → Sites → Allowed origins)");
  await expect(page.locator("#parley-widget")).toHaveCount(0);
  // The frame itself refuses to be shown for that origin.
  const response = await page.request.get(`${server.url}/widget/panel?site=demo&host=${encodeURIComponent(otherHost.origin)}`);
  expect(response.status()).toBe(403);
  await page.context().close();
});

test("the H5 chat page works as a full page for app WebViews", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await page.goto(`${server.url}/chat/demo?deviceId=app-install-0000000001&locale=zh-CN`);
  await expect(page.locator("main[data-ready=true]")).toBeAttached();
  await page.getByRole("textbox", { name: "写消息" }).fill("来自 App 的消息");
  await page.getByRole("textbox", { name: "写消息" }).press("Enter");
  await expect(page.getByTestId("thread-message").filter({ hasText: "来自 App 的消息" }).locator(".status")).toHaveText("已发送");
  await expect(page.getByRole("button", { name: "关闭聊天" })).toBeHidden();
  await page.screenshot({ path: "test-results/widget-h5-phone.png" });
  await page.context().close();
});
