import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

// Issue #13, defect 1: a form must never send a field the person did not touch from a value that had not loaded.

async function logIn(browser: Browser, baseUrl: string) {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(demoEmail);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/inbox");
  return page;
}

/** Holds the answer to one tRPC query until `release()`; the page meanwhile renders what it has. */
async function holdQuery(page: Page, path: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/trpc/${path}**`, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test.describe("dashboard forms before their data has loaded", () => {
  let server: RunningServer;
  let db: Db;
  let teamId: string;
  let bobId: string;
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "parley-forms-e2e-"));
    server = await startServer({ DATA_DIR: dataDir });
    db = await createDb(`file:${join(dataDir, "parley.db")}`);
    const organization = await db.organization.findFirstOrThrow();
    const team = await db.team.create({ data: { organizationId: organization.id, name: "Billing" } });
    teamId = team.id;
    await db.site.updateMany({ where: { siteKey: "demo" }, data: { defaultTeamId: team.id } });
    const bob = await db.user.create({
      data: {
        organizationId: organization.id,
        email: "bob@demo.parley.local",
        name: "Bob Li",
        role: "agent",
        passwordHash: await hashPassword(demoPassword),
      },
    });
    bobId = bob.id;
    await db.teamMember.create({ data: { organizationId: organization.id, teamId: team.id, userId: bob.id } });
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    expect(await server.stop()).toBe(0);
  });

  test("saving the Sites card while the teams are still loading keeps the site's default team", async ({ browser }) => {
    const page = await logIn(browser, server.url);
    const release = await holdQuery(page, "admin.teams.list");
    await page.goto(`${server.url}/dashboard/sites`);
    const card = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Demo site" }) });
    await card.getByLabel(/Allowed origins/).fill(`${server.url}\nhttps://www.shop.example`);
    await card.getByRole("button", { name: "Save", exact: true }).click();
    await expect(card.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    const site = await db.site.findFirstOrThrow({ where: { siteKey: "demo" } });
    expect(site.allowedOrigins).toEqual([server.url, "https://www.shop.example"]);
    expect(site.defaultTeamId).toBe(teamId);
    // Once the teams arrive, the select shows the stored team, not "No team".
    release();
    await expect(card.getByLabel("Default team (when no rule matches)")).toHaveValue(teamId);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "site.update" }, orderBy: { createdAt: "desc" } });
    expect(JSON.stringify(audit.details)).not.toContain("defaultTeamId");
    await page.context().close();
  });

  test("saving an agent's limit while the teams are still loading keeps the agent's teams", async ({ browser }) => {
    const page = await logIn(browser, server.url);
    const release = await holdQuery(page, "admin.teams.list");
    await page.goto(`${server.url}/dashboard/agents`);
    setTimeout(release, 1500);
    const row = page.getByTestId("agent-row").filter({ hasText: "Bob Li" });
    await row.getByLabel("Max concurrent chats").fill("7");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByRole("status")).toHaveText("Saved");
    const bob = await db.user.findUniqueOrThrow({ where: { id: bobId }, include: { teams: true } });
    expect(bob.maxConcurrentChats).toBe(7);
    expect(bob.teams.map((member) => member.teamId)).toEqual([teamId]);
    await page.context().close();
  });
});
