import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";

// Issue #13, defect 12: the panel stays open, with its draft, across pages of the site in the same tab.

let server: RunningServer;
let host: HostSite;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-navigation-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
  host = await startHostSite(server.url);
  configureSite(join(dataDir, "parley.db"), "demo", [host.origin]);
});
test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
});

test("a visitor opens the panel, types half a message, and moves to another page: the panel is still open with the draft", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${host.origin}/kettles`);
  await page.locator("#parley-widget .l").click();
  const frame = page.frameLocator("#parley-widget iframe");
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  await page.goto(`${host.origin}/pricing`);
  await expect(page.locator("#parley-widget .l")).toHaveAttribute("aria-expanded", "true");
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  await expect(page.locator("#parley-widget iframe")).toBeVisible();

  // Closing it is remembered too.
  await page.locator("#parley-widget .l").click();
  await page.goto(`${host.origin}/about`);
  await expect(page.locator("#parley-widget .l")).toHaveAttribute("aria-expanded", "false");

  // The draft typed on one page is there on the next.
  await page.locator("#parley-widget .l").click();
  await expect(frame.locator("main[data-ready=true]")).toBeAttached();
  // Nobody is online, so the composer is hidden behind the offline form: the draft is typed into it directly.
  await frame.locator("#parley-input").evaluate((box: HTMLTextAreaElement) => {
    box.value = "I would like to order the blue";
    box.dispatchEvent(new Event("input"));
  });
  await page.goto(`${host.origin}/checkout`);
  await expect(frame.locator("#parley-input")).toHaveValue("I would like to order the blue");
  await page.screenshot({ path: test.info().outputPath("widget-open-after-navigation-1440.png") });
  await page.context().close();
});
