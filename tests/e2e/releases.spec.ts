import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { buildWidget } from "../../scripts/build-widget.mjs";
import { demoEmail, demoPassword, freePort, startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";

/**
 * Canary releases end to end. Three builds of the panel: the repo's (A), a changed one (B) and one broken on its
 * first line (C). Three nodes start one after another on one SQLite file and one port, each with its own build, as
 * in a rolling deploy: A becomes stable, B and C arrive as candidates, and the last node serves all three from the
 * shared storage. 1,000 simulated devices ask which release they load.
 */
const dir = mkdtempSync(join(tmpdir(), "parley-releases-e2e-"));
const databaseFile = join(dir, "parley.db");
const deviceIds = Array.from({ length: 1000 }, (_, i) => createHash("sha256").update(`e2e device ${i}`).digest("hex").slice(0, 32));
type Manifest = { release: string };

let port: number;
let server: RunningServer;
let host: HostSite;

function env(widgetDir?: string): Record<string, string> {
  return {
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "releases-e2e-secret-0123456789abcdefghij",
    SEED_DEMO: "1",
    RELEASE_CHECK_SECONDS: "1",
    RELEASE_MIN_DEVICES: "5",
    RELEASE_ROLLBACK_MARGIN: "20",
    ...(widgetDir ? { WIDGET_DIR: widgetDir } : {}),
  };
}

async function releasesOf(ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const response = await fetch(`${server.url}/widget/config?site=demo&device=${id}`, { headers: { origin: host.origin } });
    out.push((await response.json()).release);
  }
  return out;
}

async function adminOnReleases(browser: Browser, viewport = { width: 1440, height: 900 }, locale = "en") {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(demoEmail);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/inbox");
  await page.goto(`${server.url}/dashboard/system${locale === "zh" ? "?lang=zh-CN" : ""}`);
  return page;
}

function query(sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}
const reportingDevices = (release: string) =>
  query('SELECT COUNT(*) AS devices, COALESCE(SUM("failed"), 0) AS failed FROM "WidgetReleaseDevice" WHERE "releaseId" = ?', release)[0];
const failedDevices = (release: string) =>
  query('SELECT COUNT(*) AS n FROM "WidgetReleaseDevice" WHERE "releaseId" = ? AND "failed" = 1', release)[0]!.n;

const row = (page: Page, id: string) => page.locator(`[data-testid=release-row][data-release="${id}"]`);

async function promote(page: Page, id: string, percent: number, button: "Promote" | "Widen") {
  await row(page, id).getByLabel("% of devices").fill(String(percent));
  await row(page, id).getByRole("button", { name: button }).click();
  await expect(page.getByTestId("release-split")).toContainText(`candidate ${id} on ${percent} %`);
}

/** A visitor on the customer's site whose loader keeps `deviceId`: the widget's frame loads what /widget/config chose. */
async function visitorWithDevice(browser: Browser, deviceId: string) {
  const context = await browser.newContext();
  await context.addInitScript((id) => localStorage.setItem("parley:device:demo", id), deviceId);
  const page = await context.newPage();
  await page.goto(`${host.origin}/`);
  const frame = page.locator("#parley-widget iframe");
  await expect(frame).toHaveAttribute("src", /release=/);
  return { page, context, src: (await frame.getAttribute("src"))! };
}

test.afterAll(async () => {
  await host?.close();
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("canary: split by device bucket, widening keeps devices, a broken candidate is rolled back on its own", async ({ browser }) => {
  test.setTimeout(240_000);
  const a = JSON.parse(readFileSync("public/widget/manifest.json", "utf8")) as Manifest;
  const b: Manifest = await buildWidget({ out: join(dir, "build-b"), banner: "/* release B */" });
  const c: Manifest = await buildWidget({ out: join(dir, "build-c"), banner: 'throw new Error("release C is broken");' });
  expect(new Set([a.release, b.release, c.release]).size).toBe(3);

  // A rolling deploy: each node registers its build as it starts.
  port = await freePort();
  for (const widgetDir of [undefined, join(dir, "build-b")]) {
    const node = await startServer(env(widgetDir), { port });
    expect(await node.stop()).toBe(0);
  }
  server = await startServer(env(join(dir, "build-c")), { port });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin, server.url]);

  const admin = await adminOnReleases(browser);
  await expect(row(admin, a.release).getByTestId("release-status")).toHaveText("Stable");
  await expect(row(admin, b.release).getByTestId("release-status")).toHaveText("Candidate");
  await expect(row(admin, c.release).getByTestId("release-status")).toHaveText("Candidate");
  expect(new Set(await releasesOf(deviceIds))).toEqual(new Set([a.release]));

  // 10 %: the split matches within ±3 points.
  await promote(admin, b.release, 10, "Promote");
  const at10 = await releasesOf(deviceIds);
  const onB = deviceIds.filter((_, i) => at10[i] === b.release);
  expect(Math.abs(onB.length / 10 - 10)).toBeLessThanOrEqual(3);
  expect(at10.every((release) => release === a.release || release === b.release)).toBe(true);

  // Widening to 30 % keeps every device that was on B.
  await promote(admin, b.release, 30, "Widen");
  const at30 = await releasesOf(deviceIds);
  expect(Math.abs(at30.filter((release) => release === b.release).length / 10 - 30)).toBeLessThanOrEqual(3);
  for (const id of onB) expect(at30[deviceIds.indexOf(id)]).toBe(b.release);

  // A device on B loads B's bundle through the loader (served from the shared storage: this node was built with C).
  const onBVisitor = await visitorWithDevice(browser, onB[0]!);
  expect(onBVisitor.src).toContain(`release=${b.release}`);
  await onBVisitor.page.locator("#parley-widget .l").click();
  await expect(onBVisitor.page.frameLocator("#parley-widget iframe").locator("main[data-ready=true]")).toBeAttached();
  // Its guard reports a good boot: the device counts in B's sample, not failed.
  await expect.poll(() => reportingDevices(b.release)).toEqual({ devices: 1, failed: 0 });
  await onBVisitor.context.close();

  // B becomes stable; the broken C goes to 50 % of devices.
  await row(admin, b.release).getByRole("button", { name: "Make stable" }).click();
  await expect(admin.getByTestId("release-split")).toContainText(`Stable ${b.release} on every device`);
  await promote(admin, c.release, 50, "Promote");
  const at50 = await releasesOf(deviceIds);
  const onC = deviceIds.filter((_, i) => at50[i] === c.release);
  expect(Math.abs(onC.length / 10 - 50)).toBeLessThanOrEqual(3);

  // Devices on C open the page; C dies on boot, the guard reports it, the controller rolls C back by itself.
  for (const [i, id] of onC.slice(0, 5).entries()) {
    const visitor = await visitorWithDevice(browser, id);
    expect(visitor.src).toContain(`release=${c.release}`);
    await expect.poll(() => failedDevices(c.release)).toBe(i + 1);
    await visitor.context.close();
  }
  await expect(row(admin, c.release).getByTestId("release-status")).toHaveText("Rolled back", { timeout: 20_000 });
  await expect(row(admin, c.release)).toContainText("Rolled back automatically");
  await expect(row(admin, c.release)).toContainText("100.0 % of its 5 reporting devices failed");

  // Its devices load stable again, through the loader too.
  expect(new Set(await releasesOf(onC))).toEqual(new Set([b.release]));
  const back = await visitorWithDevice(browser, onC[0]!);
  expect(back.src).toContain(`release=${b.release}`);
  await back.page.locator("#parley-widget .l").click();
  await expect(back.page.frameLocator("#parley-widget iframe").locator("main[data-ready=true]")).toBeAttached();
  await back.context.close();

  // Every promotion and the rollback are in the audit log; the automatic one has no actor.
  const audit = query('SELECT "action", "actorId", "targetId" FROM "AuditLog" WHERE "action" LIKE \'release.%\' ORDER BY "createdAt"');
  expect(audit).toEqual([
    expect.objectContaining({ action: "release.promote", targetId: b.release }),
    expect.objectContaining({ action: "release.promote", targetId: b.release }),
    expect.objectContaining({ action: "release.promote", targetId: b.release }),
    expect.objectContaining({ action: "release.promote", targetId: c.release }),
    { action: "release.rollback_auto", actorId: null, targetId: c.release },
  ]);

  // The page, looked at: desktop and phone, English and Chinese.
  await admin.locator("h2", { hasText: "Widget releases" }).scrollIntoViewIfNeeded();
  await admin.screenshot({ path: "test-results/releases-en-1440.png", fullPage: true });
  await admin.context().close();
  for (const [locale, viewport, name] of [
    ["en", { width: 390, height: 844 }, "releases-en-390"],
    ["zh", { width: 1440, height: 900 }, "releases-zh-1440"],
    ["zh", { width: 390, height: 844 }, "releases-zh-390"],
  ] as const) {
    const page = await adminOnReleases(browser, viewport, locale);
    await expect(row(page, c.release).getByTestId("release-status")).toHaveText(locale === "zh" ? "已回滚" : "Rolled back");
    await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
    await page.context().close();
  }
});
