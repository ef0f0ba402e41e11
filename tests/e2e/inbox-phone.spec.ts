import { expect, test, type Browser } from "@playwright/test";
import { visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { chooseLanguage } from "./support/language.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

// Issue #13, defect 4: the inbox on a phone — list → thread → visitor details as stacked views with a way back,
// the conversation's actions in a menu, the composer full width. Usable from 360 px.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

async function phoneAgent(browser: Browser, width: number, locale: string) {
  const context = await browser.newContext({ viewport: { width, height: 844 }, locale, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.locator("input[type=email]").fill(demoEmail);
  await page.locator("input[type=password]").fill(demoPassword);
  await page.locator("button[type=submit]").click();
  await page.waitForURL("**/inbox");
  // The organization's language is English: this agent picks their own with the language switch.
  if (locale.startsWith("zh")) await chooseLanguage(page, "zh-CN");
  return page;
}

for (const [width, locale] of [
  [390, "en-US"],
  [360, "zh-CN"],
] as const) {
  test(`at ${width} px (${locale}) the inbox is list, thread and visitor as views, with actions in a menu and a full-width composer`, async ({
    browser,
  }) => {
    const agent = await phoneAgent(browser, width, locale);
    const said = `phone check ${width}`;
    const visitor = await visitorOpensDemo(browser, server.url);
    await visitorSays(visitor, said);
    const row = agent.getByTestId("conversation-row").filter({ hasText: said });
    await expect(row).toBeVisible();
    await agent.screenshot({ path: test.info().outputPath(`inbox-phone-list-${locale}-${width}.png`) });
    await row.click();

    // The thread fills the screen: the list is gone, a back button leads to it.
    await expect(agent.getByTestId("thread-message").filter({ hasText: said })).toBeVisible();
    await expect(row).toBeHidden();
    const composer = agent.locator("#composer");
    const box = (await composer.boundingBox())!;
    expect(box.width).toBeGreaterThan(width * 0.6);
    const send = (await composer.locator("xpath=..").locator("button[type=submit]").boundingBox())!;
    expect(send.x + send.width).toBeLessThanOrEqual(width);
    await agent.screenshot({ path: test.info().outputPath(`inbox-phone-thread-${locale}-${width}.png`) });

    // The conversation's actions are one menu.
    const actions = agent.getByTestId("conversation-actions");
    await expect(actions).toBeHidden();
    await agent.getByRole("button", { name: locale === "en-US" ? "Actions" : "操作" }).click();
    await expect(actions).toBeVisible();
    await agent.screenshot({ path: test.info().outputPath(`inbox-phone-actions-${locale}-${width}.png`) });
    await agent.getByRole("button", { name: locale === "en-US" ? "Actions" : "操作" }).click();

    // The visitor's details are the next view, and back leads to the thread, then the list.
    await agent.getByRole("heading", { level: 2 }).getByRole("button").click();
    await expect(agent.locator("[data-phone-view=visitor]")).toBeAttached();
    await expect(agent.locator("#composer")).toBeHidden();
    await agent.screenshot({ path: test.info().outputPath(`inbox-phone-visitor-${locale}-${width}.png`) });
    await agent.getByRole("button", { name: locale === "en-US" ? "Back" : "返回" }).click();
    await expect(agent.locator("#composer")).toBeVisible();
    await agent.getByRole("button", { name: locale === "en-US" ? "Back" : "返回" }).click();
    await expect(row).toBeVisible();
    await agent.context().close();
    await visitor.context().close();
  });
}
