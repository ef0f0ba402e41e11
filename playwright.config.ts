import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium where present (Playwright's own download cannot work on these machines).
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // Each spec starts its own server processes on free ports; two cores do not gain from parallel browsers.
  workers: 1,
  // CI retries a failed spec up to twice; a test that passes only on a retry is reported as flaky by `npm test`, by name.
  retries: process.env.CI ? 2 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      // Frames of other sites in the page's own process: with site isolation, headless Chromium sometimes routes
      // Playwright's typed text away from a focused cross-origin frame (the widget's), so it never arrives.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-site-isolation-trials",
        "--disable-features=IsolateOrigins,site-per-process",
      ],
    },
  },
});
