import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { freePort, startServer, type RunningServer } from "./support/server.ts";
import { configureSite } from "./support/widget-host.ts";

// Issue #13, defects 5 and 9: the demo page is the product (the real widget through the real snippet, on the app's
// own origin), and the snippet the dashboard hands out carries the window.Parley queue stub.

let server: RunningServer;
let dataDir: string;
test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "parley-demo-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

const panel = (page: Page) => page.frameLocator("#parley-widget iframe");

test("the demo page embeds the real widget with the dashboard's snippet, says where to sign in, and shows the offline form", async ({
  browser,
}) => {
  for (const [locale, viewport] of [
    ["en", { width: 1440, height: 900 }],
    ["zh-CN", { width: 390, height: 844 }],
  ] as const) {
    const context = await browser.newContext({ viewport, locale });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.url);
    await expect(page.getByRole("link", { name: locale === "en" ? "Sign in" : "登录" })).toHaveAttribute("href", "/login");
    await expect(page.getByTestId("demo-snippet")).toContainText(`src="${server.url}/widget/loader.js" data-site="demo"`);
    await expect(page.getByTestId("demo-snippet")).toContainText("window.Parley=window.Parley||");
    await expect(page.locator("#parley-widget")).toBeAttached();
    await page.screenshot({ path: test.info().outputPath(`demo-page-closed-${locale}-${viewport.width}.png`) });
    await page.locator("#parley-widget .l").click();
    // Nobody is online: the widget's offline form, which the old demo chat box never showed.
    await expect(panel(page).getByTestId("offline-form")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`demo-page-offline-${locale}-${viewport.width}.png`) });
    expect(errors).toEqual([]);
    await context.close();
  }

  // An agent signs in: the same page's widget offers the composer, and a message reaches the inbox.
  const agent = await agentLogsIn(browser, server.url);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(server.url);
  await page.locator("#parley-widget .l").click();
  const box = panel(page).getByRole("textbox", { name: "Write a message" });
  await box.fill("Hello from the demo page");
  await box.press("Enter");
  await expect(agent.getByTestId("conversation-row").filter({ hasText: "Hello from the demo page" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("demo-page-open-en-1440.png") });
  await page.context().close();
  await agent.context().close();
});

test("the snippet copied from the dashboard, pasted on another site, takes Parley(...) calls right after it", async ({ browser }) => {
  const agent = await agentLogsIn(browser, server.url);
  await agent.goto(`${server.url}/dashboard/sites`);
  const snippet = (await agent.getByTestId("snippet").first().textContent())!;
  await agent.context().close();
  const port = await freePort();
  const host: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>
${snippet}
<script>Parley("setLocale", "zh-CN"); Parley("open");</script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(port, "127.0.0.1", resolve));
  const origin = `http://localhost:${port}`;
  configureSite(join(dataDir, "parley.db"), "demo", [server.url, origin]);
  try {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(origin);
    await expect(panel(page).locator("main[data-ready=true]")).toBeAttached();
    // Opened and speaking Chinese: the calls after the snippet were queued, not thrown away with a ReferenceError.
    await expect(panel(page).locator("header .status-line")).toHaveText(/我们通常几分钟内回复|我们暂时不在线/);
    expect(errors).toEqual([]);
    await page.context().close();
  } finally {
    await new Promise((resolve) => host.close(resolve));
  }
});

test("an unknown address gets a 404 page with a way back, not Next's bare default", async ({ page }) => {
  const response = await page.goto(`${server.url}/no-such-page`);
  expect(response?.status()).toBe(404);
  // The merged 404 page speaks the reader's language (app/not-found.tsx): English for this browser.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Page not found");
  await expect(page.getByRole("link", { name: "Open the agent inbox" })).toHaveAttribute("href", "/inbox");
});
