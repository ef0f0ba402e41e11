import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

const agentEmail = "bob@demo.parley.local";
const desktop = { width: 1440, height: 900 };
const narrow = { width: 390, height: 844 };

async function logIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: { viewport?: typeof desktop; colorScheme?: "light" | "dark" } = {},
) {
  const context = await browser.newContext({ viewport: options.viewport ?? desktop, colorScheme: options.colorScheme ?? "light" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/inbox");
  return page;
}

async function openSection(page: Page, name: string) {
  await page.getByRole("navigation", { name: "Dashboard sections" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

const siteCard = (page: Page, name: string) => page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name }) });

test.describe("the admin dashboard", () => {
  let server: RunningServer;
  let db: Db;
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "parley-dashboard-e2e-"));
    server = await startServer({ DATA_DIR: dataDir });
    db = await createDb(`file:${join(dataDir, "parley.db")}`);
    const organization = await db.organization.findFirstOrThrow();
    await db.user.create({
      data: {
        organizationId: organization.id,
        email: agentEmail,
        name: "Bob Li",
        role: "agent",
        passwordHash: await hashPassword(demoPassword),
      },
    });
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    expect(await server.stop()).toBe(0);
  });

  test("admin creates a site with its snippet, a Sales team with a member, business hours and a /pricing* rule", async ({ browser }) => {
    const page = await logIn(browser, server.url, demoEmail);
    await page.goto(`${server.url}/dashboard`);
    await expect(page.getByRole("heading", { level: 1, name: "Organization" })).toBeVisible();
    await page.getByLabel("Time zone").fill("Asia/Shanghai");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

    // A site: its key and the snippet to paste, with a working copy button.
    await openSection(page, "Sites");
    await page.getByLabel("Name", { exact: true }).first().fill("Docs site");
    await page.locator("#new-site-origins").fill("https://docs.example.com");
    await page.getByRole("button", { name: "Create" }).click();
    const card = siteCard(page, "Docs site");
    const snippet = await card.getByTestId("snippet").textContent();
    expect(snippet).toMatch(
      new RegExp(
        `^<script>window\\.Parley=window\\.Parley\\|\\|function.*</script>\n<script async src="${server.url}/widget/loader\\.js" data-site="[\\w-]{20}"></script>$`,
      ),
    );
    await card.getByRole("button", { name: "Copy" }).click();
    await expect(card.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

    // A Sales team, with the admin as a member, and weekday business hours.
    await openSection(page, "Teams");
    await page.getByLabel("Name").first().fill("Sales");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Sales" })).toBeVisible();
    // The seeded Support team has a card too: work inside the new one. One Save per team card (name, strategy,
    // members and business hours together).
    const salesCard = siteCard(page, "Sales");
    await expect(salesCard.getByRole("button", { name: /^Save/ })).toHaveCount(1);
    await salesCard.getByRole("checkbox", { name: "Demo Admin" }).check();
    await salesCard.getByRole("checkbox", { name: "Always open" }).uncheck();
    await salesCard.getByRole("group", { name: "Business hours" }).getByLabel("Time zone").fill("Europe/Berlin");
    await expect(salesCard.getByTestId("hours-interval")).toHaveCount(5);
    await salesCard.getByTestId("hours-interval").first().getByLabel("Closes").fill("18:30");
    await salesCard.getByLabel("Add holiday", { exact: true }).fill("2026-12-25");
    await salesCard.getByRole("button", { name: "Add holiday" }).click();
    await salesCard.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    const sales = await db.team.findFirstOrThrow({ where: { name: "Sales" }, include: { members: { include: { user: true } } } });
    expect(sales.members.map((member) => member.user.email)).toEqual([demoEmail]);
    expect(sales.businessHours).toMatchObject({
      timezone: "Europe/Berlin",
      holidays: ["2026-12-25"],
      weekly: expect.arrayContaining([{ day: "mon", open: "09:00", close: "18:30" }]),
    });

    // A rule on the new site: /pricing* goes to Sales; Sales is also the default team.
    await openSection(page, "Sites");
    const site = siteCard(page, "Docs site");
    await site.getByLabel("Default team (when no rule matches)").selectOption({ label: "Sales" });
    await site.getByRole("button", { name: "Save", exact: true }).click();
    await expect(site.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await site.getByRole("button", { name: "Add rule" }).click();
    const draft = site.getByRole("form", { name: "Add rule" });
    await draft.getByLabel("Send to team").selectOption({ label: "Sales" });
    await draft.getByLabel("Value").fill("/pricing*");
    await draft.getByRole("button", { name: "Save" }).click();
    await expect(site.getByTestId("routing-rule")).toHaveCount(1);
    await page.reload();
    const rule = siteCard(page, "Docs site").getByTestId("routing-rule");
    await expect(rule.getByLabel("Value")).toHaveValue("/pricing*");
    await expect(rule.getByLabel("Operator")).toHaveValue("glob");
    const stored = await db.routingRule.findFirstOrThrow({ include: { site: true } });
    expect(stored).toMatchObject({ teamId: sales.id, conditions: [{ field: "pageUrl", op: "glob", value: "/pricing*" }] });
    expect(stored.site).toMatchObject({ name: "Docs site", defaultTeamId: sales.id });

    // A bad value gets the server's message and changes nothing.
    await rule.getByLabel("Field").selectOption("country");
    await rule.getByLabel("Value").fill("China");
    await rule.getByRole("button", { name: "Save" }).click();
    await expect(siteCard(page, "Docs site").getByRole("alert")).toContainText("conditions.0.value");
    expect((await db.routingRule.findFirstOrThrow()).conditions).toEqual([{ field: "pageUrl", op: "glob", value: "/pricing*" }]);

    // Every change is in the audit log.
    await openSection(page, "Audit log");
    // In words: who, what, on which thing by name, and the fields (no raw JSON, no ids).
    const audit = page.getByTestId("audit-row");
    await expect(audit.filter({ hasText: "Created" }).filter({ hasText: "routing rule" }).first()).toBeVisible();
    await expect(audit.filter({ hasText: "Created" }).filter({ hasText: "site “Docs site”" })).toContainText("Demo Admin");
    await expect(audit.filter({ hasText: "site “Docs site”" }).filter({ hasText: "Updated" }).first()).toContainText("Default team");
    for (const text of await audit.allInnerTexts()) expect(text).not.toMatch(/[{}]|\bc[a-z0-9]{24}\b/);
    await page.context().close();
  });

  test("an invitation link lets a new agent set their name and password, then sign in", async ({ browser }) => {
    const admin = await logIn(browser, server.url, demoEmail);
    await admin.goto(`${server.url}/dashboard/agents`);
    await admin.getByLabel("Email").fill("carol@demo.parley.local");
    await admin.getByRole("button", { name: "Create invitation link" }).click();
    const link = (await admin.getByTestId("invite-link").textContent())!;
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{43}$`));
    await expect(admin.getByText("carol@demo.parley.local · Agent")).toBeVisible();

    const carol = await (await browser.newContext({ viewport: narrow })).newPage();
    await carol.goto(link);
    await expect(carol.getByRole("heading", { name: "Join Demo Company on Parley" })).toBeVisible();
    await carol.getByLabel("Your name").fill("Carol Wu");
    await carol.getByLabel("Password (at least 10 characters)").fill(demoPassword);
    await carol.screenshot({ path: "test-results/dashboard-invite-narrow-light.png" });
    await carol.getByRole("button", { name: "Create my account" }).click();
    await expect(carol.getByRole("status")).toHaveText("Your account is ready.");
    await carol.goto(link);
    await expect(carol.getByText("this invitation link is not valid")).toBeVisible();
    await carol.context().close();

    const signedIn = await logIn(browser, server.url, "carol@demo.parley.local");
    await expect(signedIn.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await signedIn.context().close();
    await admin.reload();
    await expect(admin.getByTestId("agent-row").filter({ hasText: "Carol Wu" })).toBeVisible();
    await admin.context().close();
  });

  test("an agent sees the admins-only page, and the admin API refuses them", async ({ browser }) => {
    const page = await logIn(browser, server.url, agentEmail);
    await page.goto(`${server.url}/dashboard/sites`);
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    const response = await page.request.get(`${server.url}/api/trpc/admin.sites.list`);
    expect(response.status()).toBe(403);
    await page.context().close();
  });

  test("screenshots of the main pages: desktop and narrow, light and dark, English and Chinese", async ({ browser }) => {
    const shots = [
      {
        size: "desktop",
        viewport: desktop,
        colorScheme: "light",
        pages: ["", "/agents", "/teams", "/sites", "/reports", "/audit", "/tokens", "/webhooks"],
      },
      { size: "narrow", viewport: narrow, colorScheme: "light", pages: ["/teams", "/sites"] },
      { size: "desktop", viewport: desktop, colorScheme: "dark", pages: ["/teams", "/sites"] },
    ] as const;
    for (const { size, viewport, colorScheme, pages } of shots) {
      const page = await logIn(browser, server.url, demoEmail, { viewport, colorScheme });
      for (const path of pages) {
        await page.goto(`${server.url}/dashboard${path}`);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        if (path === "/reports") await expect(page.getByTestId("figure-Conversations")).toHaveText("0");
        await page.screenshot({
          path: `test-results/dashboard-${path.slice(1) || "organization"}-${size}-${colorScheme}.png`,
          fullPage: true,
        });
      }
      await page.context().close();
    }
    const page = await logIn(browser, server.url, demoEmail);
    await page.goto(`${server.url}/dashboard/teams?lang=zh-CN`);
    await expect(page.getByRole("heading", { level: 1, name: "团队" })).toBeVisible();
    await page.screenshot({ path: "test-results/dashboard-teams-desktop-zh.png", fullPage: true });
    await page.context().close();
  });
});
