import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { demoEmail, demoPassword, startServer } from "./support/server.ts";

async function adminPage(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(demoEmail);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/inbox");
  return page;
}

test("embedded: the system page lists this one node, in English and Chinese", async ({ browser }) => {
  const server = await startServer({ DATA_DIR: mkdtempSync(join(tmpdir(), "parley-system-e2e-")) });
  try {
    const page = await adminPage(browser, server.url);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole("navigation", { name: "Dashboard sections" }).getByRole("link", { name: "System" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "System" })).toBeVisible();
    await expect(page.getByTestId("node-row")).toHaveCount(1);
    await expect(page.getByTestId("node-row")).toContainText(`:${server.port}`);
    await page.screenshot({ path: "test-results/system-en.png", fullPage: true });
    await page.goto(`${server.url}/dashboard/system?lang=zh-CN`);
    await expect(page.getByRole("heading", { level: 2, name: "服务节点" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("1 个节点");
    await page.screenshot({ path: "test-results/system-zh.png", fullPage: true });
    for (const [name, viewport] of [
      ["desktop", { width: 1440, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const lang of ["en", "zh-CN"]) {
        await page.goto(`${server.url}/dashboard/system?lang=${lang}`);
        await expect(page.getByTestId("node-row")).toHaveCount(1);
        await page.screenshot({ path: `test-results/system-${name}-${lang}.png`, fullPage: true });
      }
    }
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test("WORKERS=2 over Redis: both nodes are listed; a killed one drops off and its replacement appears", async ({ browser }) => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
  test.setTimeout(120_000);
  const cluster = await createClusterEnvironment();
  const server = await startServer({ ...cluster.env, WORKERS: "2" });
  try {
    const page = await adminPage(browser, server.url);
    await page.goto(`${server.url}/dashboard/system`);
    const rows = page.getByTestId("node-row");
    await expect(rows).toHaveCount(2);
    const pids = (await rows.locator("td:nth-child(3)").allTextContents()).map(Number);
    await page.screenshot({ path: "test-results/system-cluster.png", fullPage: true });
    process.kill(pids[0]!, "SIGKILL");
    // The dead worker's entry expires with its TTL (15 s); the replacement announces itself as it starts.
    await expect
      .poll(async () => (await rows.locator("td:nth-child(3)").allTextContents()).map(Number), { timeout: 40_000, intervals: [1000] })
      .toEqual(expect.not.arrayContaining([pids[0]]));
    await expect(rows).toHaveCount(2, { timeout: 20_000 });
  } finally {
    await server.stop();
    await cluster.drop();
  }
});

test("two nodes over Redis: the system page shows a node that becomes ready, and drops one that is stopped, without a reload", async ({
  browser,
}) => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
  test.setTimeout(120_000);
  const cluster = await createClusterEnvironment();
  const first = await startServer(cluster.env);
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const page = await adminPage(browser, first.url);
    await page.goto(`${first.url}/dashboard/system`);
    const rows = page.getByTestId("node-row");
    await expect(rows).toHaveCount(1);
    second = await startServer(cluster.env);
    // Announced on the bus the moment it is ready (the bound, 200 ms, is measured in node-discovery.test.ts); the
    // registry's own refresh is 5 s, so a page that merely polled would miss this window.
    await expect(rows.filter({ hasText: `:${second.port}` })).toHaveCount(1, { timeout: 2_000 });
    await page.screenshot({ path: "test-results/system-live-two.png", fullPage: true });
    expect(await second.stop()).toBe(0);
    await expect(rows).toHaveCount(1, { timeout: 2_000 });
    await expect(rows).toContainText(`:${first.port}`);
  } finally {
    await second?.stop();
    await first.stop();
    await cluster.drop();
  }
});
