// Widget load bench: on a host page served from another origin, time from the page's start to the launcher being
// visible, and from the click to the panel being ready (thread loaded), over several cold loads; plus gzip sizes.
// Run after a build: node --import tsx bench/widget-load.ts [loads=10]. Embedded server on loopback;
// writes bench/results/<timestamp>-widget-load.{json,md}.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startServer } from "../tests/e2e/support/server.ts";
import { configureSite, startHostSite } from "../tests/e2e/support/widget-host.ts";
import { latencySummary } from "./support/stats.ts";

const loads = Number(process.argv[2] ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), "parley-widget-bench-"));
const server = await startServer({ DATA_DIR: dataDir });
const host = await startHostSite(server.url);
configureSite(join(dataDir, "parley.db"), "demo", [host.origin]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });

const launcherMs: number[] = [];
const panelMs: number[] = [];
for (let i = 0; i < loads; i++) {
  // A new context each time: nothing cached, as for a first visit.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/`, { waitUntil: "commit" });
  await page.locator("#parley-widget .l").waitFor({ state: "visible" });
  launcherMs.push(await page.evaluate(() => performance.now()));
  const clicked = await page.evaluate(() => performance.now());
  await page.locator("#parley-widget .l").click();
  await page.frameLocator("#parley-widget iframe").locator("main[data-ready=true]").waitFor({ state: "attached" });
  panelMs.push((await page.evaluate(() => performance.now())) - clicked);
  await context.close();
}
await browser.close();
await host.close();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

const gzipKb = (file: string) => Math.round((gzipSync(readFileSync(file)).length / 1024) * 100) / 100;
const result = {
  at: new Date().toISOString(),
  loads,
  launcherVisibleMs: latencySummary(launcherMs),
  clickToPanelReadyMs: latencySummary(panelMs),
  gzipKb: {
    loader: gzipKb("public/widget/loader.js"),
    panelJs: gzipKb("public/widget/panel.js"),
    panelCss: gzipKb("public/widget/panel.css"),
  },
};
const stamp = result.at.replace(/[:.]/g, "-");
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${stamp}-widget-load.json`, JSON.stringify(result, null, 2));
const markdown = [
  `# Widget load, ${result.at}`,
  "",
  `${loads} cold loads of a host page on another origin (loopback, one Parley node, Chromium).`,
  "",
  "| | p50 (ms) | p99 (ms) | max (ms) |",
  "|---|---|---|---|",
  `| page start → launcher visible | ${result.launcherVisibleMs.p50} | ${result.launcherVisibleMs.p99} | ${result.launcherVisibleMs.max} |`,
  `| click → panel ready | ${result.clickToPanelReadyMs.p50} | ${result.clickToPanelReadyMs.p99} | ${result.clickToPanelReadyMs.max} |`,
  "",
  `Gzipped: loader.js ${result.gzipKb.loader} KB, panel.js ${result.gzipKb.panelJs} KB, panel.css ${result.gzipKb.panelCss} KB.`,
].join("\n");
writeFileSync(`bench/results/${stamp}-widget-load.md`, `${markdown}\n`);
console.log(markdown);
process.exit(0);
