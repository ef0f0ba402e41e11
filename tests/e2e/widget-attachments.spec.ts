import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { agentLogsIn, visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

// Chromium's fake microphone, so a voice note can be recorded headless.
test.use({
  launchOptions: {
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
    ],
  },
});

let server: RunningServer;
let host: HostSite;
let agent: Page;
const dbDir = mkdtempSync(join(tmpdir(), "parley-attach-e2e-"));

test.beforeAll(async ({ browser }) => {
  const databaseFile = join(dbDir, "parley.db");
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "attach-e2e-secret-0123456789abcdefghij",
    SEED_DEMO: "1",
  });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin], { color: "#0f766e", greeting: "Welcome to Acme! Ask us anything." });
  agent = await agentLogsIn(browser, server.url);
});

test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dbDir, { recursive: true, force: true });
});

const panel = (page: Page) => page.frameLocator("#parley-widget iframe");

async function openWidget(browser: Browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${host.origin}/`);
  await page.locator("#parley-widget .l").click();
  await expect(panel(page).locator("main[data-ready=true]")).toBeAttached();
  return page;
}

/** A real screenshot-like PNG, drawn in the page and pasted into the text box as the clipboard would deliver it. */
async function pasteImage(page: Page) {
  await panel(page)
    .getByRole("textbox", { name: "Write a message" })
    .evaluate(async (box) => {
      const canvas = Object.assign(document.createElement("canvas"), { width: 320, height: 200 });
      const g = canvas.getContext("2d")!;
      g.fillStyle = "#0f766e";
      g.fillRect(0, 0, 320, 200);
      g.fillStyle = "#fde68a";
      g.fillRect(24, 24, 120, 80);
      g.fillStyle = "#fff";
      g.font = "bold 28px sans-serif";
      g.fillText("Order #1921", 24, 160);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
      const data = new DataTransfer();
      data.items.add(new File([blob], "image.png", { type: "image/png" }));
      box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
}

async function send(page: Page, text: string) {
  const box = panel(page).getByRole("textbox", { name: "Write a message" });
  await fillAndSend(box, text);
  await expect(panel(page).getByTestId("thread-message").filter({ hasText: text }).locator(".status")).toHaveText(/^(Sent|Read)$/);
}

const loaded = (image: ReturnType<Page["locator"]>) =>
  expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);

test("a visitor pastes an image, the agent sees it in the inbox; the agent sends a file and the visitor gets it", async ({ browser }) => {
  const visitor = await openWidget(browser);
  await pasteImage(visitor);
  const mine = panel(visitor)
    .getByTestId("thread-message")
    .filter({ has: panel(visitor).getByTestId("attachment-image") });
  await expect(mine.locator(".status")).toHaveText(/^(Sent|Read)$/);
  await loaded(mine.locator("img"));
  await send(visitor, "Here is the screenshot of my order");

  const row = agent.getByTestId("conversation-row").filter({ hasText: "Here is the screenshot of my order" });
  await row.click();
  const image = agent.getByTestId("thread-message").getByTestId("attachment-image");
  await expect(image).toBeVisible();
  await loaded(image.locator("img"));
  // The thumbnail opens the full-size image.
  await image.click();
  await expect(agent.getByRole("dialog")).toBeVisible();
  await agent.screenshot({ path: "test-results/attachments-inbox-image-open.png" });
  await agent.keyboard.press("Escape");
  await expect(agent.getByRole("dialog")).toBeHidden();

  // The agent attaches a file from the composer.
  await agent.getByTestId("composer-file").setInputFiles({
    name: "order-1921.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Order 1921: one copper kettle, shipped.\n".repeat(40)),
  });
  await expect(agent.getByTestId("thread-message").getByTestId("attachment-file")).toContainText("order-1921.txt");
  await agent.screenshot({ path: "test-results/attachments-inbox.png" });

  const chip = panel(visitor).getByTestId("attachment-file");
  await expect(chip).toContainText("order-1921.txt");
  await expect(chip).toContainText("2 KB");
  const download = visitor.waitForEvent("download");
  await chip.getByRole("button").click();
  expect((await download).suggestedFilename()).toBe("order-1921.txt");
  await visitor.screenshot({ path: "test-results/attachments-widget-desktop.png" });

  // Dropped on the panel, a PDF goes the same way.
  await panel(visitor)
    .locator("main")
    .evaluate((main) => {
      const data = new DataTransfer();
      data.items.add(new File(["%PDF-1.4\n%%EOF\n"], "quote.pdf", { type: "application/pdf" }));
      main.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
      main.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    });
  await expect(agent.getByTestId("thread-message").getByTestId("attachment-file").filter({ hasText: "quote.pdf" })).toBeVisible();

  // A file the site does not allow is refused before upload, with the reason and a retry button.
  await panel(visitor)
    .locator("input[type=file]")
    .setInputFiles({ name: "page.html", mimeType: "text/html", buffer: Buffer.from("<!doctype html><p>hi</p>") });
  const refused = panel(visitor).getByTestId("thread-message").filter({ hasText: "page.html" });
  await expect(refused.locator(".status")).toHaveText("Not sent: This file type is not allowed (text/html)");
  await expect(refused.getByRole("button", { name: "Retry" })).toBeVisible();
  await visitor.context().close();
});

test("a visitor records voice notes (toggled and held); both sides get an audio player", async ({ browser }) => {
  const visitor = await openWidget(browser, { width: 390, height: 844 });
  await visitor.context().grantPermissions(["microphone"], { origin: server.url });
  const record = panel(visitor).getByRole("button", { name: "Record a voice note" });
  await record.click();
  const stop = panel(visitor).getByRole("button", { name: "Stop recording" });
  await expect(stop).toHaveText(/^0:0[1-9]$/);
  await stop.click();
  const voice = panel(visitor).getByTestId("attachment-audio");
  await expect(voice.first()).toContainText(/Voice note · 0:0\d/);
  await expect(panel(visitor).getByTestId("thread-message").filter({ has: voice.first() }).locator(".status")).toHaveText(/^(Sent|Read)$/);
  // Held like a walkie-talkie: recording while pressed, sent on release.
  await record.hover();
  await visitor.mouse.down();
  await expect(stop).toHaveText(/^0:0[1-9]$/);
  await visitor.mouse.up();
  await expect(panel(visitor).getByTestId("attachment-audio")).toHaveCount(2);
  await expect(record).toBeVisible();
  await pasteImage(visitor);
  await expect(panel(visitor).getByTestId("attachment-image").locator("img")).toBeVisible();
  await send(visitor, "Listen to this please");
  await visitor.screenshot({ path: "test-results/attachments-widget-phone.png" });

  await agent.getByTestId("conversation-row").filter({ hasText: "Listen to this please" }).click();
  await expect(agent.getByTestId("thread-message").filter({ hasText: "Listen to this please" })).toBeVisible();
  await expect(agent.getByTestId("attachment-audio").locator("audio")).toHaveCount(2);
  await expect(agent.getByTestId("attachment-audio").first().locator("audio")).toHaveAttribute("src", /^\/api\/uploads\/a[0-9a-f]{24}$/);
  await visitor.context().close();
});

test("the emoji picker inserts at the caret by keyboard alone, and speaks Chinese", async ({ browser }) => {
  const visitor = await openWidget(browser);
  const frame = panel(visitor);
  const box = frame.getByRole("textbox", { name: "Write a message" });
  await box.fill("Thanks a lot");
  await box.evaluate((input: HTMLTextAreaElement) => input.setSelectionRange(6, 6));
  const toggle = frame.getByRole("button", { name: "Insert emoji" });
  await toggle.focus();
  await visitor.keyboard.press("Enter");
  const picker = frame.getByRole("dialog", { name: "Emoji" });
  await expect(picker).toBeVisible();
  await expect(picker.getByRole("button").first()).toBeFocused();
  await visitor.keyboard.press("ArrowRight");
  await visitor.keyboard.press("ArrowRight");
  await visitor.keyboard.press("ArrowDown");
  await visitor.screenshot({ path: "test-results/attachments-emoji-picker.png" });
  await visitor.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  // Row 2, column 3 of the grid (8 per row) is 😮.
  await expect(box).toHaveValue("Thanks😮 a lot");
  await expect(box).toBeFocused();
  // Escape closes the picker without closing the chat.
  await toggle.click();
  await visitor.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await expect(box).toBeFocused();

  await visitor.evaluate(() => (window as unknown as { Parley: (...args: unknown[]) => void }).Parley("setLocale", "zh-CN"));
  await expect(frame.getByRole("button", { name: "插入表情" })).toBeVisible();
  await expect(frame.getByRole("button", { name: "添加附件" })).toBeVisible();
  await expect(frame.getByRole("button", { name: "录制语音" })).toBeVisible();
  await visitor.context().close();
});

test("the demo page's visitor sees an image an agent sends, fetched with the visitor's token", async ({ browser }) => {
  const visitor = await visitorOpensDemo(browser, server.url);
  await visitorSays(visitor, "Can you send me the diagram?");
  await agent.getByTestId("conversation-row").filter({ hasText: "Can you send me the diagram?" }).click();
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  await agent.getByTestId("composer-file").setInputFiles({ name: "diagram.png", mimeType: "image/png", buffer: png });
  const image = visitor.getByTestId("attachment-image").locator("img");
  await expect(image).toHaveAttribute("src", /^blob:/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await visitor.context().close();
});
