import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

/**
 * Issue 13's language and looks: per-person language defaulting to the organization's, dark mode with a switch,
 * the admin's way from inbox to dashboard, the 404 page, the inbox's skeleton, the widget settings' per-language
 * texts and Save bar, and screenshots of inbox and dashboard in English and Chinese, light and dark, desktop and phone.
 */
const agentEmail = "carol@demo.parley.local";
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

async function logIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: { viewport?: typeof desktop; colorScheme?: "light" | "dark"; locale?: string } = {},
) {
  const context = await browser.newContext({
    viewport: options.viewport ?? desktop,
    colorScheme: options.colorScheme ?? "light",
    locale: options.locale ?? "en-US",
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.locator("input[type=email]").fill(email);
  await page.locator("input[type=password]").fill(demoPassword);
  await page.locator("button[type=submit]").click();
  await page.waitForURL("**/inbox");
  return page;
}

const h1 = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });

test.describe("language and looks", () => {
  let server: RunningServer;
  let db: Db;
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "parley-looks-e2e-"));
    server = await startServer({ DATA_DIR: dataDir });
    db = await createDb(`file:${join(dataDir, "parley.db")}`);
    const organization = await db.organization.findFirstOrThrow();
    await db.user.create({
      data: {
        organizationId: organization.id,
        email: agentEmail,
        name: "Carol Wu",
        role: "agent",
        passwordHash: await hashPassword(demoPassword),
      },
    });
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    expect(await server.stop()).toBe(0);
  });

  test("the organization's default language changes inbox and dashboard; each person's own choice follows them to another browser", async ({
    browser,
  }) => {
    const page = await logIn(browser, server.url, demoEmail);
    await page.goto(`${server.url}/dashboard`);
    await expect(h1(page, "Organization")).toBeVisible();
    await page.getByLabel("Default language").selectOption("zh-CN");
    await page.getByRole("button", { name: "Save" }).click();
    // People who follow the organization switch at once, and on every later page.
    await expect(h1(page, "组织")).toBeVisible();
    await page.goto(`${server.url}/inbox`);
    await expect(page.getByRole("heading", { name: "收件箱" })).toBeVisible();
    await page.goto(`${server.url}/dashboard/teams`);
    await expect(h1(page, "团队")).toBeVisible();

    // Another person of the organization, on a browser in English, gets the organization's language too.
    const agent = await logIn(browser, server.url, agentEmail);
    await expect(agent.getByRole("heading", { name: "收件箱" })).toBeVisible();
    // They pick English for themselves: stored on their user, so a second browser gets it as well.
    await agent.getByRole("button", { name: "账户" }).click();
    await agent.getByTestId("language-switch").selectOption("en");
    await expect(agent.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await expect.poll(async () => (await db.user.findUniqueOrThrow({ where: { email: agentEmail } })).language).toBe("en");
    const elsewhere = await logIn(browser, server.url, agentEmail, { locale: "zh-CN" });
    await expect(elsewhere.getByRole("heading", { name: "Inbox" })).toBeVisible();
    // Back to the organization's default.
    await elsewhere.getByRole("button", { name: "Account" }).click();
    await elsewhere.getByTestId("language-switch").selectOption("");
    await expect(elsewhere.getByRole("heading", { name: "收件箱" })).toBeVisible();
    await Promise.all([elsewhere.context().close(), agent.context().close()]);

    await page.goto(`${server.url}/dashboard`);
    await page.getByLabel("默认语言").selectOption("en");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(h1(page, "Organization")).toBeVisible();
    await page.context().close();
  });

  test("dark mode has a switch that outlives a reload and overrides the system's setting", async ({ browser }) => {
    const page = await logIn(browser, server.url, demoEmail, { colorScheme: "light" });
    const dark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
    expect(await dark()).toBe(false);
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByTestId("theme-switch").selectOption("dark");
    expect(await dark()).toBe(true);
    await page.reload();
    await page.getByRole("button", { name: "Account" }).click();
    await expect(page.getByTestId("theme-switch")).toHaveValue("dark");
    expect(await dark()).toBe(true);
    const background = await page.evaluate(() => getComputedStyle(document.querySelector("header")!).backgroundColor);
    expect(background).not.toBe("rgb(255, 255, 255)");
    await page.goto(`${server.url}/dashboard`);
    expect(await dark()).toBe(true);
    await page.getByTestId("theme-switch").selectOption("system");
    expect(await dark()).toBe(false);
    await page.context().close();

    // "System" follows the system: dark there means dark here, until the person picks light.
    const night = await logIn(browser, server.url, demoEmail, { colorScheme: "dark" });
    expect(await night.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    await night.getByRole("button", { name: "Account" }).click();
    await night.getByTestId("theme-switch").selectOption("light");
    await night.reload();
    expect(await night.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
    await night.context().close();
  });

  test("an admin has a link to the dashboard in the inbox, an agent does not; our own dot is green right after sign-in", async ({
    browser,
  }) => {
    const admin = await logIn(browser, server.url, demoEmail);
    await expect(admin.getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(admin.locator('[data-testid=colleague][title^="Demo Admin"]')).toHaveAttribute("data-status", "online");
    await admin.getByRole("link", { name: "Dashboard" }).click();
    await expect(h1(admin, "Organization")).toBeVisible();
    const agent = await logIn(browser, server.url, agentEmail);
    await expect(agent.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await expect(agent.getByRole("link", { name: "Dashboard" })).toHaveCount(0);
    await Promise.all([admin.context().close(), agent.context().close()]);
  });

  test("an unknown address gets a real 404 page that says where to go", async ({ page }) => {
    const response = await page.goto(`${server.url}/no-such-page`);
    expect(response?.status()).toBe(404);
    await expect(h1(page, "Page not found")).toBeVisible();
    await expect(page.getByRole("link", { name: "Open the agent inbox" })).toHaveAttribute("href", "/inbox");
    await page.screenshot({ path: "test-results/looks-404-desktop-light.png" });
  });

  test("on a slow link the inbox shows its outline at once, not a blank page", async ({ browser }) => {
    const page = await logIn(browser, server.url, demoEmail);
    // The inbox's code (hundreds of KB of script, against a few KB of HTML and CSS) takes 4 s to arrive.
    await page.route("**/_next/static/chunks/*.js", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 4000));
      await route.continue().catch(() => {});
    });
    await page.goto(`${server.url}/inbox`, { waitUntil: "commit" });
    await expect(page.getByTestId("inbox-skeleton")).toBeVisible({ timeout: 3000 });
    await page.screenshot({ path: "test-results/looks-inbox-skeleton-desktop-light.png" });
    await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible({ timeout: 30_000 });
    await page.context().close();
  });

  test("widget settings: greeting and launcher text per language reach the widget; the Save bar never covers the pre-chat card", async ({
    browser,
  }) => {
    const site = await db.site.findFirstOrThrow();
    const page = await logIn(browser, server.url, demoEmail);
    await page.goto(`${server.url}/dashboard/sites/${site.id}/widget`);
    await expect(page.getByRole("tab", { name: "简体中文" })).toHaveAttribute("aria-selected", "true");
    const zh = page.getByTestId("widget-texts-zh-CN");
    await zh.getByLabel("Launcher text · 简体中文").fill("在线咨询");
    await zh.getByLabel("Greeting · 简体中文").fill("您好，欢迎光临！");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    const config = async (locale: string) =>
      (
        await page.request.get(`${server.url}/widget/config?site=${site.siteKey}&locale=${locale}`, { headers: { origin: server.url } })
      ).json();
    expect(await config("zh-CN")).toMatchObject({ launcherText: "在线咨询", greeting: "您好，欢迎光临！" });
    expect(await config("en")).not.toMatchObject({ launcherText: "在线咨询" });

    const preChat = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Pre-chat form" }) });
    const bar = page.getByTestId("widget-save-bar");
    for (const edge of ["start", "end"] as const) {
      await preChat.evaluate((element, block) => element.scrollIntoView({ block }), edge);
      const [card, save] = await Promise.all([preChat.boundingBox(), bar.boundingBox()]);
      const overlaps = !!card && !!save && save.y < card.y + card.height && save.y + save.height > card.y;
      expect(overlaps, `Save bar over the pre-chat card (scrolled to its ${edge})`).toBe(false);
    }
    await page.context().close();
  });

  test("a team card has one Save for everything, and deleting a team says so in a toast", async ({ browser }) => {
    const page = await logIn(browser, server.url, demoEmail);
    await page.goto(`${server.url}/dashboard/teams`);
    await page.getByLabel("Name").fill("Night shift");
    await page.getByRole("button", { name: "Create" }).click();
    const card = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Night shift" }) });
    await expect(card.getByRole("button", { name: /save/i })).toHaveCount(1);
    // Nothing changed yet: nothing to save.
    await expect(card.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
    await card.getByRole("checkbox", { name: "Carol Wu" }).check();
    await card.getByLabel("Routing strategy").selectOption("least_busy");
    await card.getByRole("button", { name: "Save", exact: true }).click();
    await expect(card.getByRole("status")).toHaveText("Saved");
    const team = await db.team.findFirstOrThrow({ where: { name: "Night shift" }, include: { members: { include: { user: true } } } });
    expect(team.members.map((member) => member.user.name)).toEqual(["Carol Wu"]);
    expect(team.strategy).toBe("least_busy");
    page.once("dialog", (dialog) => void dialog.accept());
    await card.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Team Night shift deleted" })).toBeVisible();
    await page.context().close();
  });

  test("screenshots: inbox and dashboard in English and Chinese, light and dark, 1440x900 and 390x844", async ({ browser }) => {
    test.setTimeout(300_000);
    const dashboardPages = ["", "/agents", "/teams", "/sites", "/audit", "/reports", "/webhooks", "/tokens"];
    for (const lang of ["en", "zh-CN"] as const) {
      for (const [size, viewport] of [
        ["desktop", desktop],
        ["phone", phone],
      ] as const) {
        for (const scheme of ["light", "dark"] as const) {
          const page = await logIn(browser, server.url, demoEmail, { viewport, colorScheme: scheme });
          await page.goto(`${server.url}/inbox?lang=${lang}`);
          await expect(page.getByRole("heading", { name: lang === "en" ? "Inbox" : "收件箱" })).toBeVisible();
          await expect(page.getByTestId("inbox-empty")).toBeVisible();
          await page.screenshot({ path: `test-results/looks-inbox-${size}-${scheme}-${lang}.png` });
          const paths = scheme === "light" ? dashboardPages : ["", "/sites", "/reports"];
          for (const path of paths) {
            await page.goto(`${server.url}/dashboard${path}?lang=${lang}`);
            await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
            await page.waitForLoadState("networkidle");
            await page.screenshot({
              path: `test-results/looks-dashboard-${path.slice(1) || "organization"}-${size}-${scheme}-${lang}.png`,
              fullPage: true,
            });
          }
          await page.context().close();
        }
      }
    }
  });
});
