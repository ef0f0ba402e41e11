import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type FrameLocator, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { agentLogsIn } from "./support/chat.ts";
import { chooseLanguage } from "./support/language.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend, fillChecked } from "./support/composer.ts";

let server: RunningServer;
let host: HostSite;
const dataDir = mkdtempSync(join(tmpdir(), "parley-widget-settings-e2e-"));
const databaseFile = join(dataDir, "parley.db");

test.beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin]);
});

test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

async function adminOpensEditor(browser: Browser, lang: "en" | "zh-CN" = "en"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: lang });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel(lang === "en" ? "Email" : "邮箱").fill(demoEmail);
  await page.getByLabel(lang === "en" ? "Password" : "密码").fill(demoPassword);
  await page.getByRole("button", { name: lang === "en" ? "Sign in" : "登录" }).click();
  await page.waitForURL("**/inbox");
  // The organization's language is English: a Chinese-speaking admin picks theirs with the language switch.
  await chooseLanguage(page, lang === "zh-CN" ? "zh-CN" : "");
  await page.goto(`${server.url}/dashboard/sites?lang=${lang}`);
  await page
    .getByRole("link", { name: lang === "en" ? "Widget settings" : "聊天组件设置" })
    .first()
    .click();
  await page.waitForURL("**/dashboard/sites/*/widget**");
  return page;
}

const visitorCount = () => {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM "Visitor"').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** The real widget inside the editor's preview frame: its host page (launcher) and its chat panel. */
const preview = (page: Page) => page.frameLocator("[data-testid=widget-preview]");
const panelOf = (hostPage: FrameLocator | Page) => hostPage.frameLocator("#parley-widget iframe");

/** Waits until the preview has reloaded the real panel with a setting: a frame still on the old settings is no proof. */
async function previewReloadedWith(page: Page, text: string) {
  const previewsOf = () =>
    page.frames().map((frame) => (URL.canParse(frame.url()) ? (new URL(frame.url()).searchParams.get("preview") ?? "") : ""));
  await expect.poll(() => previewsOf().some((settings) => settings.includes(text))).toBe(true);
}

test("the admin edits the widget, sees the real widget change before saving, saves, and the site's widget follows", async ({ browser }) => {
  const agent = await agentLogsIn(browser, server.url);
  const page = await adminOpensEditor(browser);
  await expect(page.getByRole("heading", { level: 1, name: "Widget: Demo site" })).toBeVisible();
  const visitorsBefore = visitorCount();

  await fillChecked(page.getByLabel("Color (hex)"), "#b91c1c");
  await fillChecked(page.getByLabel("Launcher text", { exact: true }), "Talk to Acme");
  await fillChecked(page.getByLabel("Greeting", { exact: true }), "Hello from the editor");
  await page.getByRole("button", { name: "Add a question" }).click();
  await fillChecked(page.getByLabel("Key"), "order");
  await fillChecked(page.getByLabel("Label"), "Order number");
  await page.getByRole("checkbox", { name: "Required" }).check();
  await page.getByRole("switch", { name: "Ask these questions before the first message" }).check();
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();

  // Before saving: the preview runs the real panel with the new greeting, color and question...
  await previewReloadedWith(page, '"label":"Order number","type":"text","required":true');
  const panel = panelOf(preview(page));
  await expect(panel.getByTestId("greeting")).toContainText("Hello from the editor");
  await expect(panel.locator("header")).toHaveCSS("background-color", "rgb(185, 28, 28)");
  await expect(panel.getByTestId("prechat-form").getByLabel("Order number *")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Start chat" })).toHaveCSS("background-color", "rgb(185, 28, 28)");
  await page.screenshot({ path: "test-results/widget-settings-editor-en.png", fullPage: true });
  // ...and the real launcher with the new text, once the chat is shown closed.
  await page.getByLabel("Show the chat open").uncheck();
  const launcher = preview(page).locator("#parley-widget .l");
  await expect(launcher.locator(".t")).toHaveText("Talk to Acme");
  await expect(launcher).toHaveCSS("background-color", "rgb(185, 28, 28)");
  // A bad value pauses the preview with the reason, and saving it is refused with the same words.
  await page.getByLabel("Color (hex)").fill("red");
  await expect(page.getByText("Preview paused: color: color must be a #rrggbb hex color")).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "settings.color" })).toHaveText(
    "settings.color: color must be a #rrggbb hex color",
  );
  await fillChecked(page.getByLabel("Color (hex)"), "#b91c1c");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  // Previewing opened no visitor session.
  expect(visitorCount()).toBe(visitorsBefore);

  // The site's own page: the snippet draws the saved launcher, and the panel asks the new question first.
  const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await visitor.goto(`${host.origin}/`);
  const siteLauncher = visitor.locator("#parley-widget .l");
  await expect(siteLauncher.locator(".t")).toHaveText("Talk to Acme");
  await expect(siteLauncher).toHaveCSS("background-color", "rgb(185, 28, 28)");
  await siteLauncher.click();
  const sitePanel = panelOf(visitor);
  await expect(sitePanel.locator("main[data-ready=true]")).toBeAttached();
  await expect(sitePanel.getByTestId("greeting")).toContainText("Hello from the editor");
  const form = sitePanel.getByTestId("prechat-form");
  await form.getByLabel("Order number *").fill("#1921");
  await form.getByRole("button", { name: "Start chat" }).click();
  const box = sitePanel.getByRole("textbox", { name: "Write a message" });
  await fillAndSend(box, "Where is my kettle?");
  await agent.getByTestId("conversation-row").filter({ hasText: "Where is my kettle?" }).click();
  await expect(agent.getByText("#1921").first()).toBeVisible();
});

test("the offline message shows in the preview's offline form; the identity secret is shown once", async ({ browser }) => {
  const page = await adminOpensEditor(browser);
  await fillChecked(page.getByLabel("Offline message", { exact: true }), "We answer every message within a day.");
  await page.getByLabel("Show it as when nobody is online").check();
  await previewReloadedWith(page, '"online":false');
  await expect(panelOf(preview(page)).getByTestId("offline-form")).toContainText("We answer every message within a day.");

  await expect(page.getByTestId("identity-secret-state")).toHaveText(/No secret is set/);
  await page.getByRole("button", { name: "Create a new secret" }).click();
  await page.getByRole("button", { name: "Yes, create a new secret" }).click();
  const secret = await page.getByTestId("new-secret").textContent();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByText("Hashes made with the old secret no longer verify.")).toBeVisible();
  await page.getByRole("button", { name: "Copy" }).click();
  await page.screenshot({ path: "test-results/widget-settings-secret.png", fullPage: true });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.reload();
  await expect(page.getByTestId("identity-secret-state")).toHaveText("A secret is set.");
  await expect(page.getByTestId("new-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret!);
});

test("the editor in Simplified Chinese", async ({ browser }) => {
  const page = await adminOpensEditor(browser, "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "聊天组件：Demo site" })).toBeVisible();
  await expect(page.getByLabel("启动按钮文字", { exact: true })).toBeVisible();
  await expect(panelOf(preview(page)).locator("main[data-ready=true]")).toBeAttached();
  await page.screenshot({ path: "test-results/widget-settings-editor-zh.png", fullPage: true });
});
