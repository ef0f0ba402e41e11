import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createDb } from "../../server/store/db.ts";
import { fillAndSend } from "./support/composer.ts";
import { chooseLanguage } from "./support/language.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";

// The product as people see it (issue #13, "Done when"): widget closed, offline, open, queued and on a phone; inbox on
// desktop light and dark and on a phone (list and thread); dashboard pages; the H5 page — in English and Chinese, at
// 1440×900 and 390×844, saved into this test's output folder.

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };
const locales = [
  ["en", "en-US"],
  ["zh-CN", "zh-CN"],
] as const;

let server: RunningServer;
let host: HostSite;
let databaseFile: string;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-screens-e2e-"));
  databaseFile = join(dataDir, "parley.db");
  server = await startServer({ DATA_DIR: dataDir });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin]);
});
test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
});

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

async function signIn(browser: Browser, locale: string, viewport: typeof desktop, colorScheme: "light" | "dark" = "light") {
  const page = await (await browser.newContext({ locale, viewport, colorScheme })).newPage();
  await page.goto(`${server.url}/login`);
  await page.locator("input[type=email]").fill(demoEmail);
  await page.locator("input[type=password]").fill(demoPassword);
  await page.locator("button[type=submit]").click();
  await page.waitForURL("**/inbox");
  await expect(page.locator("h1")).toBeVisible();
  // The organization's language is English: a Chinese-speaking agent picks theirs with the switch (in the Account
  // menu, stored on their user: so the English pass sets it back to the organization's).
  await chooseLanguage(page, locale.startsWith("zh") ? "zh-CN" : "");
  if (locale.startsWith("zh")) await expect(page.getByRole("heading", { name: "收件箱" })).toBeVisible();
  return page;
}

async function widgetPage(browser: Browser, locale: string, viewport: typeof desktop) {
  const page = await (await browser.newContext({ locale, viewport })).newPage();
  await page.goto(
    `${host.origin}/?before=${encodeURIComponent(JSON.stringify([["setLocale", locale.startsWith("zh") ? "zh-CN" : "en"]]))}`,
  );
  await expect(page.locator("#parley-widget .l")).toBeVisible();
  return page;
}

test("screenshots of the widget, the inbox, the dashboard and the H5 page, in English and Chinese", async ({ browser }) => {
  test.setTimeout(600_000);
  for (const [tag, locale] of locales) {
    for (const [size, viewport] of [
      ["1440", desktop],
      ["390", phone],
    ] as const) {
      // Nobody online: closed launcher, then the offline form.
      const away = await widgetPage(browser, locale, viewport);
      await shot(away, `widget-closed-${tag}-${size}`);
      await away.locator("#parley-widget .l").click();
      await expect(away.frameLocator("#parley-widget iframe").getByTestId("offline-form")).toBeVisible();
      await shot(away, `widget-offline-${tag}-${size}`);
      await away.context().close();
    }
  }

  // An agent online: the open widget with a conversation, the inbox light and dark, the dashboard.
  const db = await createDb(`file:${databaseFile}`);
  for (const [tag, locale] of locales) {
    const agent = await signIn(browser, locale, desktop);
    const visitor = await widgetPage(browser, locale, desktop);
    await visitor.locator("#parley-widget .l").click();
    const frame = visitor.frameLocator("#parley-widget iframe");
    const question = tag === "en" ? "Hi, is the copper kettle in stock?" : "你好，铜水壶有货吗？";
    await fillAndSend(frame.locator("#parley-input"), question);
    // This visitor's row, not the first one: a chat the English pass left queued is handed to the agent as they come
    // online, and when that lands after this message it heads the list.
    const row = agent.getByTestId("conversation-row").filter({ hasText: question });
    await row.click();
    await agent.locator("#composer").fill(tag === "en" ? "Yes, two left. Shall I reserve one?" : "有的，还剩两个。需要帮您预留吗？");
    await agent.locator("#composer").press("Enter");
    await expect(frame.getByTestId("message-author").first()).toBeVisible();
    await shot(visitor, `widget-open-${tag}-1440`);
    await shot(agent, `inbox-desktop-light-${tag}-1440`);
    await agent.getByRole("button", { name: tag === "en" ? "Account" : "账户" }).click();
    await agent.getByRole("combobox", { name: tag === "en" ? "Theme" : "外观" }).selectOption("dark");
    await agent.keyboard.press("Escape");
    await shot(agent, `inbox-desktop-dark-${tag}-1440`);
    await agent.getByRole("button", { name: tag === "en" ? "Account" : "账户" }).click();
    await agent.getByRole("combobox", { name: tag === "en" ? "Theme" : "外观" }).selectOption("light");
    await agent.keyboard.press("Escape");
    for (const path of ["", "/sites", "/teams", "/agents", "/reports", "/audit"]) {
      await agent.goto(`${server.url}/dashboard${path}`);
      await expect(agent.locator("main h1, h1").first()).toBeVisible();
      await agent.waitForLoadState("networkidle");
      await shot(agent, `dashboard${path.replace("/", "-") || "-organization"}-${tag}-1440`);
    }
    await agent.setViewportSize(phone);
    await agent.goto(`${server.url}/dashboard/sites`);
    await shot(agent, `dashboard-sites-${tag}-390`);
    await agent.goto(`${server.url}/inbox`);
    await expect(agent.getByTestId("conversation-row").first()).toBeVisible();
    await shot(agent, `inbox-phone-list-${tag}-390`);
    await agent.getByTestId("conversation-row").first().click();
    await expect(agent.locator("#composer")).toBeVisible();
    await shot(agent, `inbox-phone-thread-${tag}-390`);

    // Queued: the admin is at capacity, so a second visitor waits in the Support team's queue.
    await db.user.updateMany({ data: { maxConcurrentChats: 0 } });
    for (const [size, viewport] of [
      ["1440", desktop],
      ["390", phone],
    ] as const) {
      const waiting = await widgetPage(browser, locale, viewport);
      await waiting.locator("#parley-widget .l").click();
      const panel = waiting.frameLocator("#parley-widget iframe");
      await fillAndSend(panel.locator("#parley-input"), tag === "en" ? `Anyone there? (${size})` : `有人吗？（${size}）`);
      await expect(panel.getByTestId("queue-status")).toBeVisible();
      await shot(waiting, `widget-queued-${tag}-${size}`);
      if (size === "390") await shot(waiting, `widget-phone-${tag}-390`);
      await waiting.context().close();
    }
    await db.user.updateMany({ data: { maxConcurrentChats: 5 } });

    // The H5 page for app WebViews.
    for (const [size, viewport] of [
      ["1440", desktop],
      ["390", phone],
    ] as const) {
      const h5 = await (await browser.newContext({ locale, viewport })).newPage();
      await h5.goto(`${server.url}/chat/demo?deviceId=screens-h5-${tag}-${size}-device&locale=${tag}`);
      await expect(h5.locator("main[data-ready=true]")).toBeAttached();
      await shot(h5, `h5-${tag}-${size}`);
      await h5.context().close();
    }
    await visitor.context().close();
    await agent.context().close();
  }
  await db.$disconnect();
});
