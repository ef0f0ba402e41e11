import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { SignJWT } from "jose";
import { createHmac } from "node:crypto";
import { agentLogsIn } from "./support/chat.ts";
import { fillAndSend } from "./support/composer.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";

/**
 * Identity verification in the real widget: a user signed in on the shop, identified with an identity JWT, continues
 * the same chat on a second device; someone claiming the same id without the secret sees none of it; agents see
 * "(verified)" only beside what was signed.
 */
const identitySecret = "identity-secret-for-the-e2e-shop-0123456789";
let server: RunningServer;
let host: HostSite;
const dbDir = mkdtempSync(join(tmpdir(), "parley-identity-e2e-"));
const databaseFile = join(dbDir, "parley.db");

test.beforeAll(async () => {
  server = await startServer({
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "identity-e2e-secret-0123456789abcdefghij",
    SEED_DEMO: "1",
  });
  host = await startHostSite(server.url);
  configureSite(databaseFile, "demo", [host.origin]);
  const db = new Database(databaseFile);
  try {
    db.prepare('UPDATE "Site" SET "identitySecret" = ? WHERE "siteKey" = ?').run(identitySecret, "demo");
  } finally {
    db.close();
  }
});
test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dbDir, { recursive: true, force: true });
});

const launcher = (page: Page) => page.locator("#parley-widget .l");
const panel = (page: Page) => page.frameLocator("#parley-widget iframe");

/** A new browser (a new device: its own storage and device id) on the shop, with these SDK calls made on load. */
async function deviceOnShop(browser: Browser, calls: unknown[][]) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${host.origin}/account?before=${encodeURIComponent(JSON.stringify(calls))}`);
  await launcher(page).click();
  await expect(panel(page).locator("main[data-ready=true]")).toBeAttached();
  return page;
}

const jwtFor = (claims: { sub: string; name: string; email: string }) =>
  new SignJWT({ name: claims.name, email: claims.email })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(identitySecret));

test("a verified user continues the chat on a second device; an unverified claim of the same id sees nothing; badges only for what was signed", async ({
  browser,
}) => {
  // An agent online first: with nobody online the panel shows the offline form instead of the composer.
  const agent = await agentLogsIn(browser, server.url);
  const ada = { sub: "user-1815", name: "Ada Lovelace", email: "ada@shop.example" };
  const laptop = await deviceOnShop(browser, [["identify", { jwt: await jwtFor(ada) }]]);
  await fillAndSend(panel(laptop).getByRole("textbox", { name: "Write a message" }), "My kettle whistles in C sharp");
  await expect(panel(laptop).getByTestId("thread-message").filter({ hasText: "whistles" }).locator(".status")).toHaveText(/^(Sent|Read)$/);

  // The phone: a device of its own until the identify call proves who it is; then the panel reopens on Ada's thread.
  const phone = await deviceOnShop(browser, [["identify", { jwt: await jwtFor(ada) }]]);
  await expect(panel(phone).getByTestId("thread-message").filter({ hasText: "My kettle whistles in C sharp" })).toBeVisible();
  await fillAndSend(panel(phone).getByRole("textbox", { name: "Write a message" }), "Writing from my phone now");
  await expect(panel(laptop).getByTestId("thread-message").filter({ hasText: "Writing from my phone now" })).toBeVisible();

  // Someone who knows Ada's id but not the secret: a visitor of their own, with an empty thread.
  const claimant = await deviceOnShop(browser, [
    ["identify", { id: ada.sub, name: "Ada Lovelace", email: "ada@shop.example", hash: "0".repeat(64) }],
  ]);
  await fillAndSend(panel(claimant).getByRole("textbox", { name: "Write a message" }), "I am Ada, honest");
  await expect(panel(claimant).getByTestId("thread-message")).toHaveCount(1);
  await expect(panel(claimant).getByTestId("thread-message").filter({ hasText: "whistles" })).toHaveCount(0);

  // A second real user identified with the older HMAC: the id is verified, the name and email beside it are not.
  const grace = await deviceOnShop(browser, [
    [
      "identify",
      {
        id: "user-1906",
        name: "Grace Hopper",
        email: "grace@shop.example",
        hash: createHmac("sha256", identitySecret).update("user-1906").digest("hex"),
      },
    ],
  ]);
  await fillAndSend(panel(grace).getByRole("textbox", { name: "Write a message" }), "Found a moth in the kettle");

  await agent.setViewportSize({ width: 1440, height: 900 });
  const details = agent.getByTestId("visitor-panel");
  await agent.getByTestId("conversation-row").filter({ hasText: "Writing from my phone now" }).click();
  await expect(details).toContainText("Ada Lovelace (verified)");
  await expect(details).toContainText("ada@shop.example (verified)");
  await expect(details).toContainText("user-1815 (verified)");
  await agent.screenshot({ path: "test-results/identity-verified-desktop.png" });

  await agent.getByTestId("conversation-row").filter({ hasText: "I am Ada, honest" }).click();
  await expect(details).toContainText("Ada Lovelace (unverified)");
  await expect(details).toContainText("user-1815 (unverified)");

  await agent.getByTestId("conversation-row").filter({ hasText: "Found a moth" }).click();
  await expect(details).toContainText("Grace Hopper (unverified)");
  await expect(details).toContainText("grace@shop.example (unverified)");
  await expect(details).toContainText("user-1906 (verified)");
  await agent.screenshot({ path: "test-results/identity-hmac-desktop.png" });

  await agent.goto(`${server.url}/inbox?lang=zh-CN`);
  await agent.getByTestId("conversation-row").filter({ hasText: "Writing from my phone now" }).click();
  await expect(details).toContainText("Ada Lovelace (已验证)");
  await expect(details).toContainText("用户 ID");
  await agent.screenshot({ path: "test-results/identity-verified-zh.png" });
  await agent.setViewportSize({ width: 390, height: 844 });
  // On a phone the visitor's details are the third stacked view: the name in the thread's header opens them.
  if (!(await details.isVisible())) await agent.getByRole("heading", { level: 2 }).getByRole("button").click();
  await expect(details).toContainText("Ada Lovelace (已验证)");
  await agent.screenshot({ path: "test-results/identity-verified-narrow-zh.png" });
});
