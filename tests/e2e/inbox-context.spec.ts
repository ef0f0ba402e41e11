import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
let host: HostSite;
let agent: Page;
const dbDir = mkdtempSync(join(tmpdir(), "parley-inbox-context-e2e-"));

test.beforeAll(async ({ browser }) => {
  const databaseFile = join(dbDir, "parley.db");
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "inbox-context-e2e-secret-0123456789abc",
    SEED_DEMO: "1",
  });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin]);
  agent = await agentLogsIn(browser, server.url);
  await agent.setViewportSize({ width: 1440, height: 900 });
});

test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dbDir, { recursive: true, force: true });
});

const panel = (page: Page) => page.frameLocator("#parley-widget iframe");

/** A visitor browsing the shop: each page loads the snippet, whose frame reports the page when its session opens. */
async function visitorBrowses(browser: Browser, paths: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: "Asia/Tokyo" })).newPage();
  for (const path of paths) {
    await page.goto(`${host.origin}${path}`);
    await expect(panel(page).locator("main[data-ready=true]")).toBeAttached();
  }
  return page;
}

async function visitorSends(page: Page, text: string) {
  await page.locator("#parley-widget .l").click();
  const frame = panel(page);
  await fillAndSend(frame.getByRole("textbox", { name: "Write a message" }), text);
  await expect(frame.getByTestId("thread-message").filter({ hasText: text }).locator(".status")).toHaveText(/^(Sent|Read)$/);
}

test("an admin makes a label, an agent puts it on a conversation from the keyboard and filters by it; the panel shows the page trail", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  await agent.goto(`${server.url}/dashboard/labels`);
  await agent.getByLabel("Name").fill("VIP");
  await agent.getByRole("button", { name: "Create" }).click();
  await expect(agent.getByTestId("label-rows")).toBeVisible();
  // A second "VIP" is refused with a clear message; still one label.
  await agent.getByLabel("Name").first().fill("VIP");
  await agent.getByRole("button", { name: "Create" }).click();
  await expect(agent.getByRole("alert").filter({ hasText: "already exists" })).toHaveText('a label named "VIP" already exists');
  await expect(agent.getByTestId("label-rows").getByRole("listitem")).toHaveCount(1);
  await agent.screenshot({ path: "test-results/labels-dashboard.png" });

  const shopper = await visitorBrowses(browser, ["/", "/kettles?color=red", "/checkout"]);
  await visitorSends(shopper, "Where is my kettle?");
  const other = await visitorBrowses(browser, ["/"]);
  await visitorSends(other, "Just browsing");

  await agent.goto(`${server.url}/inbox`);
  const row = agent.getByTestId("conversation-row").filter({ hasText: "Where is my kettle?" });
  await row.click();
  const visitorPanel = agent.getByTestId("visitor-panel");
  const trail = visitorPanel.getByTestId("page-trail");
  await expect(trail.getByRole("listitem")).toHaveCount(3);
  await expect(trail.getByRole("listitem").nth(0)).toContainText(`${host.origin}/checkout`);
  await expect(trail.getByRole("listitem").nth(1)).toContainText(`${host.origin}/kettles?color=red`);
  await expect(trail.getByRole("listitem").nth(2)).toContainText(`${host.origin}/`);
  await expect(visitorPanel).toContainText("Local network");
  await expect(visitorPanel).toContainText("(Asia/Tokyo)");

  // Keyboard: focus the label's toggle and press Space.
  const vip = visitorPanel.getByTestId("label-picker").getByRole("button", { name: "VIP" });
  await vip.focus();
  await agent.keyboard.press("Space");
  await expect(vip).toHaveAttribute("aria-pressed", "true");
  await expect(row.getByTestId("row-labels")).toContainText("VIP");

  await agent.getByLabel("Filter by label").selectOption({ label: "VIP" });
  await expect(agent.getByTestId("conversation-row")).toHaveCount(1);
  await expect(agent.getByTestId("conversation-row")).toContainText("Where is my kettle?");
  await agent.getByLabel("Filter by label").selectOption({ label: "All labels" });
  await expect(agent.getByTestId("conversation-row").filter({ hasText: "Just browsing" })).toBeVisible();

  for (const [size, viewport] of [
    ["desktop", { width: 1440, height: 900 }],
    ["tablet", { width: 820, height: 1180 }],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await agent.setViewportSize(viewport);
      await agent.emulateMedia({ colorScheme: scheme });
      // Below the wide layout the visitor panel opens on demand.
      if (size === "tablet" && !(await agent.getByTestId("visitor-panel").isVisible()))
        await agent.getByRole("button", { name: "Visitor", exact: true }).click();
      await expect(agent.getByTestId("page-trail")).toBeVisible();
      await agent.screenshot({ path: `test-results/inbox-context-${size}-${scheme}.png` });
    }
  }
  await agent.emulateMedia({ colorScheme: "light" });
  await agent.setViewportSize({ width: 1440, height: 900 });

  await agent.goto(`${server.url}/inbox?lang=zh-CN`);
  await agent.getByTestId("conversation-row").filter({ hasText: "Where is my kettle?" }).click();
  await expect(agent.getByTestId("visitor-panel")).toContainText("浏览过的页面");
  await expect(agent.getByTestId("visitor-panel")).toContainText("本地网络");
});
