import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

// Issue #13, the smaller items: transfer to a team (one "Transferred to Sales" line, for agent and visitor), @mention
// autocomplete in notes (a keyboard-driven combobox), and a message's time on a long press on touch screens. In
// English and Chinese, with screenshots at 1440×900 and 390×844.

const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };
const words = {
  en: {
    take: "Assign to me",
    transfer: "Transfer",
    note: "Private note",
    mentions: "Colleagues to mention",
    transferred: "Transferred to Sales",
    assigned: "Assigned",
    offline: "Offline",
  },
  "zh-CN": {
    take: "分配给我",
    transfer: "转接",
    note: "内部备注",
    mentions: "可提及的同事",
    transferred: "已转接给 Sales",
    assigned: "已分配",
    offline: "离线",
  },
} as const;

let server: RunningServer;
let db: Db;
let salesId: string;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-transfer-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
  db = await createDb(`file:${join(dataDir, "parley.db")}`);
  const organization = await db.organization.findFirstOrThrow();
  const organizationId = organization.id;
  const passwordHash = await hashPassword(demoPassword);
  const bob = await db.user.create({
    data: { organizationId, email: "bob@demo.parley.local", name: "Bob Li", role: "agent", passwordHash },
  });
  await db.user.create({ data: { organizationId, email: "bea@demo.parley.local", name: "Bea Chen", role: "agent", passwordHash } });
  await db.user.create({
    data: { organizationId, email: "gus@demo.parley.local", name: "Gus Gone", role: "agent", passwordHash, deactivatedAt: new Date() },
  });
  salesId = (await db.team.create({ data: { organizationId, name: "Sales", members: { create: { organizationId, userId: bob.id } } } })).id;
  // Agents take chats by hand here: no routing to the seeded Support team, no automatic assignment.
  await db.site.updateMany({ where: { siteKey: "demo" }, data: { defaultTeamId: null, autoAssign: false } });
});
test.afterAll(async () => {
  await db?.$disconnect();
  if (server) expect(await server.stop()).toBe(0);
});

async function adminInbox(
  browser: Browser,
  locale: "en" | "zh-CN",
  options: { viewport: typeof desktop; hasTouch?: boolean },
): Promise<Page> {
  const page = await (await browser.newContext({ locale, viewport: options.viewport, hasTouch: options.hasTouch ?? false })).newPage();
  await page.goto(`${server.url}/login`);
  await page.locator("input[type=email]").fill(demoEmail);
  await page.locator("input[type=password]").fill(demoPassword);
  await page.locator("button[type=submit]").click();
  await page.waitForURL("**/inbox");
  await page.goto(`${server.url}/inbox?lang=${locale}`);
  await expect(page.locator("h1")).toBeVisible();
  // The inbox marks the agent online; a visitor arriving before that would get the offline form.
  await expect
    .poll(async () => (await (await fetch(`${server.url}/chat/demo?deviceId=presence-probe-000000`)).text()).includes('"online":true'), {
      timeout: 20_000,
    })
    .toBe(true);
  return page;
}

async function visitorChat(browser: Browser, locale: "en" | "zh-CN", text: string): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(`${server.url}/chat/demo?lang=${locale}&deviceId=e2e-${Math.random().toString(36).slice(2).padEnd(12, "0")}`);
  await expect(page.locator("main[data-ready=true]")).toBeAttached();
  const box = page.getByPlaceholder(locale === "en" ? "Type your message…" : "输入消息…");
  await box.fill(text);
  await box.press("Enter");
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

for (const locale of ["en", "zh-CN"] as const) {
  const w = words[locale];
  const tag = locale === "en" ? "en" : "zh";

  test(`transfer to a team and @mentions in a note (${locale})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const said = `we need 40 seats ${tag}`;
    const admin = await adminInbox(browser, locale, { viewport: desktop });
    const visitor = await visitorChat(browser, locale, said);
    await admin.getByRole("tab", { name: locale === "en" ? "All" : "全部" }).click();
    await admin.getByTestId("conversation-row").filter({ hasText: said }).click();
    await admin.getByRole("button", { name: w.take, exact: true }).click();
    await expect(admin.getByTestId("conversation-state")).toContainText(w.assigned);

    // @ in a note opens the active colleagues (never oneself, never a deactivated one), filtered as you type.
    const box = admin.getByRole("combobox", { name: w.note });
    await admin.getByRole("radio", { name: w.note }).click();
    await box.click();
    await box.pressSequentially("@");
    const list = admin.getByRole("listbox", { name: w.mentions });
    await expect(list.getByRole("option")).toHaveText([new RegExp(`Bea Chen${w.offline}$`), new RegExp(`Bob Li${w.offline}$`)]);
    await expect(box).toHaveAttribute("aria-expanded", "true");
    await shot(admin, `mention-list-${tag}-1440`);
    await admin.setViewportSize(phone);
    await expect(list).toBeVisible();
    await shot(admin, `mention-list-${tag}-390`);
    await admin.setViewportSize(desktop);
    await box.pressSequentially("b");
    await expect(list.getByRole("option")).toHaveCount(2);
    await box.press("ArrowDown");
    await expect(list.getByRole("option", { name: /Bob Li/ })).toHaveAttribute("aria-selected", "true");
    await expect(box).toHaveAttribute("aria-activedescendant", "mention-option-1");
    await box.press("Enter");
    await expect(box).toHaveValue("@Bob Li ");
    await expect(list).toHaveCount(0);
    // Typing on filters; Esc closes the list and keeps the text; Tab picks like Enter.
    await box.pressSequentially("and @bea");
    await expect(list.getByRole("option")).toHaveCount(1);
    await box.press("Escape");
    await expect(list).toHaveCount(0);
    await expect(box).toHaveValue("@Bob Li and @bea");
    await box.pressSequentially(" @be");
    await box.press("Tab");
    await expect(box).toHaveValue("@Bob Li and @bea @Bea Chen ");
    await box.pressSequentially("quote for 40 seats");
    await box.press("Enter");
    await expect(admin.getByTestId("thread-note")).toContainText("@Bob Li and @bea @Bea Chen quote for 40 seats");

    // Transfer to the Sales team: nobody of it is online, so it waits in Sales' queue, unassigned.
    await admin.getByRole("button", { name: w.transfer, exact: true }).click();
    const dialog = admin.getByRole("dialog", { name: w.transfer });
    const sales = dialog.getByRole("radio", { name: /^Sales/ });
    await expect(dialog.getByTestId("transfer-teams")).toContainText("Sales");
    await sales.check();
    await shot(admin, `transfer-team-${tag}-1440`);
    await admin.setViewportSize(phone);
    await expect(dialog).toBeVisible();
    await shot(admin, `transfer-team-${tag}-390`);
    await admin.setViewportSize(desktop);
    await dialog.getByRole("button", { name: w.transfer, exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(admin.getByTestId("thread-event").filter({ hasText: w.transferred })).toHaveCount(1);
    await expect(visitor.getByTestId("thread-event").filter({ hasText: w.transferred })).toHaveCount(1);
    const row = await db.conversation.findFirstOrThrow({ where: { lastMessagePreview: said } });
    expect(row).toMatchObject({ state: "queued", assigneeId: null, teamId: salesId });
    await visitor.context().close();
    await admin.context().close();
  });

  test(`a message's time on a long press on a touch screen (${locale})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const said = `what time is it ${tag}`;
    const admin = await adminInbox(browser, locale, { viewport: phone, hasTouch: true });
    const visitor = await visitorChat(browser, locale, said);
    await admin.getByRole("tab", { name: locale === "en" ? "All" : "全部" }).click();
    await admin.getByTestId("conversation-row").filter({ hasText: said }).click();
    const bubble = admin.getByTestId("thread-message").filter({ hasText: said });
    await expect(bubble).toBeVisible();
    // A mouse has the title on hover; a finger held on the bubble shows the full time in it.
    await expect(bubble).toHaveAttribute("title", /\d/);
    await expect(bubble.getByTestId("message-time")).toHaveCount(0);
    await bubble.dispatchEvent("pointerdown", { pointerType: "touch", isPrimary: true, bubbles: true });
    await expect(bubble.getByTestId("message-time")).toBeVisible();
    await expect(bubble.getByTestId("message-time")).toHaveText((await bubble.getAttribute("title"))!);
    await bubble.dispatchEvent("pointerup", { pointerType: "touch", isPrimary: true, bubbles: true });
    await shot(admin, `long-press-time-${tag}-390`);
    await visitor.context().close();
    await admin.context().close();
  });
}

test("dashboard pages on the design system, in English and Chinese, at 1440 and 390 wide", async ({ browser }) => {
  test.setTimeout(90_000);
  for (const locale of ["en", "zh-CN"] as const) {
    const tag = locale === "en" ? "en" : "zh";
    const admin = await adminInbox(browser, locale, { viewport: desktop });
    for (const page of ["sites", "teams"] as const) {
      await admin.goto(`${server.url}/dashboard/${page}?lang=${locale}`);
      // The page's Save buttons are the design system's Button; Sales is there among the teams.
      await expect(admin.getByRole("button", { name: locale === "en" ? "Save" : "保存", exact: true }).first()).toBeVisible();
      if (page === "teams") await expect(admin.getByRole("heading", { name: "Sales" })).toBeVisible();
      await shot(admin, `dashboard-${page}-${tag}-1440`);
      await admin.setViewportSize(phone);
      await shot(admin, `dashboard-${page}-${tag}-390`);
      await admin.setViewportSize(desktop);
    }
    await admin.context().close();
  }
});
