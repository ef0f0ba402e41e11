import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { chooseLanguage } from "./support/language.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

const bobEmail = "bob@demo.parley.local";
const viewport = { width: 1280, height: 860 };

async function logIn(browser: Browser, baseUrl: string, email: string, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/^(Email|邮箱)$/).fill(email);
  await page.getByLabel(/^(Password|密码)$/).fill(demoPassword);
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
  await expect(page).toHaveURL(`${baseUrl}/inbox`);
  // The organization's language is English: a Chinese-speaking agent picks theirs with the language switch.
  if (locale.startsWith("zh")) await chooseLanguage(page, "zh-CN");
  return page;
}

test.describe("shared canned responses from the dashboard, and a transfer past an agent's capacity", () => {
  let server: RunningServer;
  let db: Db;
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "parley-canned-e2e-"));
    server = await startServer({ DATA_DIR: dataDir });
    db = await createDb(`file:${join(dataDir, "parley.db")}`);
    const organization = await db.organization.findFirstOrThrow();
    await db.user.create({
      data: {
        organizationId: organization.id,
        email: bobEmail,
        name: "Bob Li",
        role: "agent",
        passwordHash: await hashPassword(demoPassword),
      },
    });
    // Bob takes the chat by hand: no routing to the seeded Support team, no automatic assignment.
    await db.site.updateMany({ where: { siteKey: "demo" }, data: { defaultTeamId: null, autoAssign: false } });
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    expect(await server.stop()).toBe(0);
  });

  test("an admin creates a shared canned response; an agent inserts it with /shortcut; Assign anyway past a full colleague", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const admin = await logIn(browser, server.url, demoEmail);
    await admin.goto(`${server.url}/dashboard`);
    await admin.getByRole("navigation", { name: "Dashboard sections" }).getByRole("link", { name: "Canned responses" }).click();
    await expect(admin.getByRole("heading", { name: "Canned responses", level: 1 })).toBeVisible();

    const create = admin.getByRole("form", { name: "New canned response" });
    await create.getByLabel("Shortcut").fill("thanks");
    await create.getByLabel("Title").fill("Thank you");
    await create.getByLabel("Text").fill("Thanks {{visitor.name}}, {{agent.name}} is on it.");
    await create.getByRole("button", { name: "Create" }).click();
    await expect(admin.getByTestId("canned-row").filter({ hasText: "/thanks" })).toContainText("Thank you");
    await create.getByLabel("Shortcut").fill("hours");
    await create.getByLabel("Title").fill("Opening hours");
    await create.getByLabel("Text").fill("We answer from 9:00 to 18:00, Monday to Friday.");
    await create.getByRole("button", { name: "Create" }).click();
    await expect(admin.getByTestId("canned-row")).toHaveCount(2);

    // A duplicate shortcut is refused with a clear message, and the form keeps what was typed.
    await create.getByLabel("Shortcut").fill("thanks");
    await create.getByLabel("Title").fill("Again");
    await create.getByLabel("Text").fill("dup");
    await create.getByRole("button", { name: "Create" }).click();
    await expect(create.getByRole("alert")).toHaveText('a shared canned response "/thanks" already exists');
    await expect(create.getByLabel("Title")).toHaveValue("Again");
    await expect(admin.getByTestId("canned-row")).toHaveCount(2);

    // Search, then edit in place.
    await admin.getByLabel("Search shortcut, title or text").fill("monday");
    await expect(admin.getByTestId("canned-row")).toHaveCount(1);
    await expect(admin.getByTestId("canned-row")).toContainText("/hours");
    await admin.getByRole("button", { name: "Edit /hours" }).click();
    const edit = admin.getByRole("form", { name: "Edit /hours" });
    await edit.getByLabel("Text").fill("We answer from 8:00 to 20:00, Monday to Saturday.");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(admin.getByTestId("canned-row").filter({ hasText: "/hours" })).toContainText("8:00 to 20:00");
    await admin.getByLabel("Search shortcut, title or text").fill("");
    await expect(admin.getByTestId("canned-row")).toHaveCount(2);
    await create.getByLabel("Shortcut").fill("");
    await admin.screenshot({ path: "test-results/canned-dashboard-en.png", fullPage: true });
    expect(await db.auditLog.count({ where: { action: { startsWith: "canned." } } })).toBe(3);

    const adminZh = await logIn(browser, server.url, demoEmail, "zh-CN");
    // A signed-in person's language is their own choice, else the organization's (English here), so ?lang= asks for Chinese.
    await adminZh.goto(`${server.url}/dashboard/canned?lang=zh-CN`);
    await expect(adminZh.getByRole("heading", { name: "快捷回复", level: 1 })).toBeVisible();
    await expect(adminZh.getByTestId("canned-row")).toHaveCount(2);
    await adminZh.screenshot({ path: "test-results/canned-dashboard-zh.png", fullPage: true });

    // Bob, an agent, takes a visitor's chat and inserts the shared response with "/thanks".
    const bob = await logIn(browser, server.url, bobEmail);
    const visitor = await visitorOpensDemo(browser, server.url);
    await visitorSays(visitor, "my parcel is late");
    await bob.getByRole("tab", { name: "Unassigned" }).click();
    await bob.getByTestId("conversation-row").filter({ hasText: "my parcel is late" }).click();
    const conversation = await db.conversation.findFirstOrThrow({ where: { lastMessagePreview: "my parcel is late" } });
    await db.visitor.update({ where: { id: conversation.visitorId }, data: { name: "Mei" } });
    await bob.getByRole("button", { name: "Assign to me" }).click();
    await expect(bob.getByTestId("conversation-state")).toContainText("Assigned");
    await bob.getByLabel("Reply").fill("/thanks");
    await expect(bob.getByTestId("canned-choice")).toHaveCount(1);
    await expect(bob.getByTestId("canned-choice")).toContainText("Thank you");
    await bob.getByLabel("Reply").press("Enter");
    await expect(bob.getByLabel("Reply")).toHaveValue("Thanks Mei, Bob Li is on it.");
    await bob.getByLabel("Reply").press("Enter");
    await expect(visitor.getByTestId("thread-message").filter({ hasText: "Thanks Mei, Bob Li is on it." })).toBeVisible();

    // The admin is at their limit (0 here): Bob's transfer shows the load, is refused, and goes through on "Assign anyway".
    const bobId = (await db.user.findUniqueOrThrow({ where: { email: bobEmail } })).id;
    const adminId = (await db.user.findUniqueOrThrow({ where: { email: demoEmail } })).id;
    await db.user.update({ where: { id: adminId }, data: { maxConcurrentChats: 0 } });
    await bob.getByRole("button", { name: "Transfer", exact: true }).click();
    const dialog = bob.getByRole("dialog", { name: "Transfer" });
    const adminChoice = dialog.getByRole("radio", { name: /^Demo Admin/ });
    const adminLine = dialog.getByRole("listitem").filter({ hasText: "Demo Admin" });
    await expect(adminLine).toContainText("0 / 0 chats");
    await expect(adminLine).toContainText("Full");
    await adminChoice.check();
    await dialog.getByLabel("Note for your colleague (optional)").fill("VIP, please follow up");
    await dialog.getByRole("button", { name: "Transfer", exact: true }).click();
    await expect(dialog.getByRole("alert")).toContainText("Demo Admin already has 0 of 0 conversations, their limit.");
    await bob.screenshot({ path: "test-results/transfer-full-en.png" });
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ assigneeId: bobId });

    // The same refusal in Chinese, from Bob's second window; "Pick someone else" leaves everything as it was.
    const bobZh = await logIn(browser, server.url, bobEmail, "zh-CN");
    await bobZh.goto(`${server.url}/inbox?lang=zh-CN`);
    await bobZh.getByRole("tab", { name: "全部" }).click();
    await bobZh.getByTestId("conversation-row").filter({ hasText: "Mei" }).click();
    await bobZh.getByRole("button", { name: "转接", exact: true }).click();
    const dialogZh = bobZh.getByRole("dialog", { name: "转接" });
    await dialogZh.getByRole("radio", { name: /^Demo Admin/ }).check();
    await expect(dialogZh.getByRole("listitem").filter({ hasText: "Demo Admin" })).toContainText("已满");
    await dialogZh.getByRole("button", { name: "转接", exact: true }).click();
    await expect(dialogZh.getByRole("alert")).toContainText("Demo Admin 已有 0 个会话，达到上限 0 个。");
    await bobZh.screenshot({ path: "test-results/transfer-full-zh.png" });
    await dialogZh.getByRole("button", { name: "换一位同事" }).click();
    await expect(dialogZh.getByRole("alert")).toHaveCount(0);
    await dialogZh.getByRole("button", { name: "取消" }).click();

    await dialog.getByRole("button", { name: "Assign anyway" }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(async () => (await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).assigneeId).toBe(adminId);
    const overrides = await db.auditLog.findMany({ where: { action: "conversation.capacity_override", targetId: conversation.id } });
    expect(overrides.map((row) => [row.actorId, row.details])).toEqual([
      [bobId, { assigneeId: adminId, assigneeName: "Demo Admin", load: 0, max: 0 }],
    ]);
    await expect(bob.getByTestId("thread-note")).toContainText("VIP, please follow up");
  });
});
