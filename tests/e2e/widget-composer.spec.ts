import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";

// Issue #13's leftovers on the widget: a composer that is not three icons and a small box on a phone, and a panel
// that opens and closes smoothly unless the visitor asked for less motion.

let server: RunningServer;
let host: HostSite;
const dbDir = mkdtempSync(join(tmpdir(), "parley-composer-e2e-"));

test.beforeAll(async ({ browser }) => {
  const databaseFile = join(dbDir, "parley.db");
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "composer-e2e-secret-0123456789abcdefgh",
    SEED_DEMO: "1",
  });
  host = await startHostSite(server.url);
  // The default policy allows files and voice notes: attach, voice and emoji buttons all show.
  configureSite(databaseFile, "demo", [host.origin]);
  // Someone online, so the panel shows the composer rather than the offline form.
  await agentLogsIn(browser, server.url);
});

test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dbDir, { recursive: true, force: true });
});

async function openWidget(
  browser: Browser,
  options: { viewport: { width: number; height: number }; reducedMotion?: "reduce" | "no-preference" },
) {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(`${host.origin}/`);
  await page.locator("#parley-widget .l").click();
  await expect(page.frameLocator("#parley-widget iframe").locator("main[data-ready=true]")).toBeAttached();
  return page;
}

test("on a phone the text box takes the composer's width: voice and emoji sit inside it, only attach beside it", async ({ browser }) => {
  const page = await openWidget(browser, { viewport: { width: 390, height: 844 } });
  const frame = page.frameLocator("#parley-widget iframe");
  await expect(frame.getByRole("button", { name: "Record a voice note" })).toBeVisible();
  const layout = await frame.locator("#parley-input").evaluate((input: HTMLTextAreaElement) => {
    // The text box as the visitor sees it: the nearest box around the text that draws a border.
    let box: HTMLElement = input;
    while (getComputedStyle(box).borderTopWidth === "0px" && box.parentElement?.tagName !== "FORM") box = box.parentElement!;
    const rect = (node: Element) => node.getBoundingClientRect();
    const inside = (node: Element) => rect(node).left >= rect(box).left && rect(node).right <= rect(box).right;
    const form = input.closest("form")!;
    const button = (label: string) => form.querySelector(`[aria-label="${label}"]`)!;
    return {
      box: Math.round(rect(box).width),
      row: Math.round(rect(form).width),
      text: Math.round(rect(input).width),
      voiceInside: inside(button("Record a voice note")),
      emojiInside: inside(button("Insert emoji")),
      attachInside: inside(button("Attach a file")),
    };
  });
  // Before: attach, voice and emoji beside a 195 px box in a 390 px row.
  expect(layout.box).toBeGreaterThanOrEqual(250);
  expect(layout.text).toBeGreaterThanOrEqual(190);
  expect(layout).toMatchObject({ voiceInside: true, emojiInside: true, attachInside: false });
  await page.context().close();
});

/** Closes or opens through the SDK and reads the panel's frame in the same task, as the transition starts. */
function toggleAndRead(page: Page, command: "open" | "close") {
  return page.evaluate((command) => {
    (window as unknown as { Parley: Record<string, () => void> }).Parley[command]!();
    const frame = document.querySelector("#parley-widget")!.shadowRoot!.querySelector("iframe")!;
    return {
      visibility: getComputedStyle(frame).visibility,
      transitions: frame
        .getAnimations()
        .map((animation) => (animation as CSSTransition).transitionProperty)
        .sort(),
    };
  }, command);
}

test("the panel fades and slides in and out, and stays on screen until the close has played", async ({ browser }) => {
  const page = await openWidget(browser, { viewport: { width: 1440, height: 900 } });
  const frame = page.locator("#parley-widget iframe");
  await expect(frame).toBeVisible();
  const closing = await toggleAndRead(page, "close");
  expect(closing.visibility).toBe("visible");
  expect(closing.transitions).toEqual(expect.arrayContaining(["opacity", "transform"]));
  await expect(frame).toBeHidden();
  const opening = await toggleAndRead(page, "open");
  expect(opening.visibility).toBe("visible");
  expect(opening.transitions).toEqual(expect.arrayContaining(["opacity", "transform"]));
  await page.context().close();
});

test("with prefers-reduced-motion the panel appears and goes at once, nothing moves", async ({ browser }) => {
  const page = await openWidget(browser, { viewport: { width: 1440, height: 900 }, reducedMotion: "reduce" });
  const frame = page.locator("#parley-widget iframe");
  await expect(frame).toBeVisible();
  expect(await toggleAndRead(page, "close")).toEqual({ visibility: "hidden", transitions: [] });
  expect(await toggleAndRead(page, "open")).toEqual({ visibility: "visible", transitions: [] });
  // Inside the panel too: no transition or animation anywhere once it is open.
  const moving = await page
    .frameLocator("#parley-widget iframe")
    .locator("body")
    .evaluate(() => document.getAnimations().length);
  expect(moving).toBe(0);
  await page.context().close();
});
