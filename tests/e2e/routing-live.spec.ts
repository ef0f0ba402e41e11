import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
let host: HostSite;
let admin: Page;
let databaseFile: string;
const dbDir = mkdtempSync(join(tmpdir(), "parley-routing-e2e-"));

test.beforeAll(async ({ browser }) => {
  databaseFile = join(dbDir, "parley.db");
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "routing-e2e-secret-0123456789abcdefghij",
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

async function visitorSays(browser: Browser, path: string, text: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${host.origin}${path}`);
  await page.locator("#parley-widget .l").click();
  const frame = page.frameLocator("#parley-widget iframe");
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  await fillAndSend(frame.getByRole("textbox", { name: "Write a message" }), text);
  await expect(frame.getByTestId("thread-message").filter({ hasText: text }).locator(".status")).toHaveText(/^(Sent|Read)$/);
  return page;
}

function conversationOf(text: string) {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT c."state", c."assigneeId", t."name" AS team FROM "Conversation" c LEFT JOIN "Team" t ON t."id" = c."teamId"
         WHERE c."id" = (SELECT "conversationId" FROM "Message" WHERE "body" = ?)`,
      )
      .get(text) as { state: string; assigneeId: string | null; team: string | null };
  } finally {
    db.close();
  }
}

test("a Sales team and a /pricing* rule made in the dashboard: a visitor on /pricing lands with the Sales agent, others wait for anyone", async ({
  browser,
}) => {
  const dashboard = await admin.context().newPage();
  await dashboard.goto(`${server.url}/dashboard/teams`);
  await dashboard.getByLabel("Name").first().fill("Sales");
  await dashboard.getByRole("button", { name: "Create" }).click();
  await expect(dashboard.getByRole("heading", { level: 2, name: "Sales" })).toBeVisible();
  const sales = dashboard.locator("section").filter({ has: dashboard.getByRole("heading", { level: 2, name: "Sales" }) });
  await sales.getByRole("checkbox", { name: "Demo Admin" }).check();
  await sales.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dashboard.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  await dashboard.goto(`${server.url}/dashboard/sites`);
  const site = dashboard.locator("section").filter({ has: dashboard.getByRole("heading", { level: 2, name: "Demo site" }) });
  await site.getByRole("button", { name: "Add rule" }).click();
  const draft = site.getByRole("form", { name: "Add rule" });
  await draft.getByLabel("Send to team").selectOption({ label: "Sales" });
  await draft.getByLabel("Value").fill("*/pricing*");
  await draft.getByRole("button", { name: "Save" }).click();
  await expect(site.getByTestId("routing-rule")).toHaveCount(1);
  await dashboard.close();

  // The admin's inbox is open, so they are online for routing.
  await admin.bringToFront();
  await admin.getByRole("tab", { name: "Mine" }).click();
  await visitorSays(browser, "/pricing?plan=pro", "How much is the Pro plan?");
  await expect(admin.getByTestId("conversation-row").filter({ hasText: "How much is the Pro plan?" })).toBeVisible();
  const pricing = conversationOf("How much is the Pro plan?");
  expect(pricing).toMatchObject({ state: "assigned", team: "Sales" });
  expect(pricing.assigneeId).not.toBeNull();

  // No rule matches /about: it goes to the site's default team, the seeded Support team, whose only member is the admin.
  await visitorSays(browser, "/about", "Who makes your kettles?");
  await expect(admin.getByTestId("conversation-row").filter({ hasText: "Who makes your kettles?" })).toBeVisible();
  expect(conversationOf("Who makes your kettles?")).toMatchObject({ state: "assigned", team: "Support" });
  await admin.screenshot({ path: "test-results/routing-live-inbox.png" });
});
