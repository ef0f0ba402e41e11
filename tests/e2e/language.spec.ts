import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { createDb } from "../../server/store/db.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

// Issue #13, defect 11: the organization's default language sets the inbox and dashboard; each person may switch.

let server: RunningServer;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-language-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
  const db = await createDb(`file:${join(dataDir, "parley.db")}`);
  await db.organization.updateMany({ data: { defaultLanguage: "zh-CN" } });
  await db.$disconnect();
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

test("an English browser in a Chinese organization gets the inbox in Chinese, switches to English, and it sticks", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: "en-US", viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(demoEmail);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/inbox");
  await expect(page.getByRole("heading", { name: "收件箱" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("inbox-desktop-zh-CN-1440.png") });
  // The switch lives in the Account menu (the merged inbox header keeps preferences there).
  await page.getByRole("button", { name: "账户" }).click();
  await page.getByRole("combobox", { name: "界面语言" }).selectOption("en");
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.goto(`${server.url}/dashboard`);
  await expect(page.getByRole("heading", { level: 1, name: "Organization" })).toBeVisible();
  // Back to following the organization: Chinese again.
  await page.getByRole("combobox", { name: "Language", exact: true }).selectOption("");
  await expect(page.getByRole("heading", { level: 1, name: "组织" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("dashboard-organization-zh-CN-1440.png") });
  await page.context().close();
});
