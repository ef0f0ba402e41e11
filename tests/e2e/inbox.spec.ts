import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createTRPCClient, httpLink } from "@trpc/client";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import type { AppRouter } from "../../server/trpc/router.ts";
import { visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

const bobEmail = "bob@demo.parley.local";
const desktop = { width: 1440, height: 900 };
const tablet = { width: 820, height: 1180 };

async function logIn(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: desktop })).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  return page;
}

/** The browser visitor's own session, opened from Node with the page's device id: the same visitor, over the API. */
async function sameVisitorFromNode(baseUrl: string, page: Page) {
  // The full-page chat takes its device id from the URL (as an app's WebView passes it).
  const deviceId = new URL(page.url()).searchParams.get("deviceId")!;
  let token = "";
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/api/trpc`,
        headers: () => ({ origin: baseUrl, ...(token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
  token = (await client.widget.session.mutate({ siteKey: "demo", deviceId })).token;
  return client;
}

test.describe("the agent inbox: two agents and a visitor", () => {
  let server: RunningServer;
  let db: Db;
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "parley-inbox-e2e-"));
    server = await startServer({ DATA_DIR: dataDir });
    db = await createDb(`file:${join(dataDir, "parley.db")}`);
    const organization = await db.organization.findFirstOrThrow();
    await db.user.create({
      data: {
        organizationId: organization.id,
        email: bobEmail,
        name: "Bob Li",
        role: "agent",
        passwordHash: await hashPassword(demoPassword),
      },
    });
    // Agents take chats by hand here: no routing to the seeded Support team, no automatic assignment.
    await db.site.updateMany({ where: { siteKey: "demo" }, data: { defaultTeamId: null, autoAssign: false } });
  });
  test.afterAll(async () => {
    await db?.$disconnect();
    expect(await server.stop()).toBe(0);
  });

  test("live rows, take, notes with mentions, transfer, canned, draft, read, resolve, reopen, search, shortcuts, presence, block", async ({
    browser,
  }) => {
    // One long story on a 2-core machine that also runs other suites.
    test.setTimeout(240_000);
    const ann = await logIn(browser, server.url, demoEmail);
    const bob = await logIn(browser, server.url, bobEmail);
    await bob.getByRole("tab", { name: "Unassigned" }).click();

    // A new chat appears live for both agents, with its unread count and waiting time.
    const visitor = await visitorOpensDemo(browser, server.url);
    const visitorFrames: string[] = [];
    visitor.on("websocket", (socket) => socket.on("framereceived", (frame) => visitorFrames.push(String(frame.payload))));
    await visitor.reload();
    await visitorSays(visitor, "hello from the e2e visitor");
    for (const agent of [ann, bob]) {
      const row = agent.getByTestId("conversation-row").filter({ hasText: "hello from the e2e visitor" });
      await expect(row).toBeVisible();
      await expect(row.getByTestId("unread-count")).toHaveText("1");
      await expect(row).toContainText("waiting 0 min");
    }
    await expect(bob).toHaveTitle("(1) Inbox · Parley");
    const conversation = await db.conversation.findFirstOrThrow({
      where: { lastMessagePreview: "hello from the e2e visitor" },
      include: { visitor: true },
    });
    await db.visitor.update({ where: { id: conversation.visitorId }, data: { name: "Lin" } });

    // Ann opens it with j and takes it with a; Bob's Unassigned tab sees it leave.
    await ann.keyboard.press("j");
    await expect(ann.getByTestId("thread-message").filter({ hasText: "hello from the e2e visitor" })).toBeVisible();
    await expect(ann.getByTestId("unread-count")).toHaveCount(0);
    await ann.keyboard.press("a");
    await expect(ann.getByTestId("conversation-state")).toContainText("Assigned");
    await expect(bob.getByTestId("conversation-row").filter({ hasText: "hello from the e2e visitor" })).toHaveCount(0);

    // The visitor's live draft, over the visitor API with the page's own device.
    const asVisitor = await sameVisitorFromNode(server.url, visitor);
    await asVisitor.visitor.typing.mutate({ typing: true, draft: "I would like to ret" });
    await expect(ann.getByTestId("visitor-draft")).toHaveText("Typing: I would like to ret");

    // A private note mentioning Bob: Bob is notified; the visitor never gets it, not even in a raw frame.
    await ann.keyboard.press("n");
    await ann.getByLabel("Private note").fill("@Bob Li secret-note: VIP customer");
    await ann.getByLabel("Private note").press("Enter");
    await expect(ann.getByTestId("thread-note")).toContainText("secret-note: VIP customer");
    await expect(bob.getByTestId("mention-toast")).toContainText("Demo Admin mentioned you");

    // Canned response with variables filled.
    await ann.getByRole("button", { name: "Canned responses" }).click();
    const cannedDialog = ann.getByRole("dialog", { name: "Canned responses" });
    await cannedDialog.getByLabel("Shortcut").fill("greet");
    await cannedDialog.getByLabel("Title").fill("Greeting");
    await cannedDialog.getByLabel(/^Text/).fill("Hi {{visitor.name}}, this is {{agent.name}}.");
    await cannedDialog.getByRole("button", { name: "Save" }).click();
    await expect(cannedDialog).toContainText("/greet");
    await cannedDialog.getByRole("button", { name: "Close" }).click();
    await ann.keyboard.press("r");
    await ann.getByLabel("Reply").fill("/gre");
    await expect(ann.getByTestId("canned-choice")).toContainText("Greeting");
    await ann.getByLabel("Reply").press("Enter");
    await expect(ann.getByLabel("Reply")).toHaveValue("Hi Lin, this is Demo Admin.");
    await ann.getByLabel("Reply").press("Enter");
    await expect(visitor.getByTestId("thread-message").filter({ hasText: "Hi Lin, this is Demo Admin." })).toBeVisible();

    // Read state: the visitor reads, Ann's reply shows "Seen".
    const { lastSeq } = await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    await asVisitor.visitor.markRead.mutate({ seq: lastSeq });
    await expect(ann.getByTestId("thread-message").filter({ hasText: "Hi Lin, this is Demo Admin." })).toContainText("Seen");

    // Transfer to Bob with a note: Bob finds it under Mine; the visitor sees only a neutral line.
    await ann.keyboard.press("Escape");
    await ann.locator("body").click({ position: { x: 5, y: 300 } });
    await ann.keyboard.press("t");
    await ann
      .getByRole("dialog")
      .getByRole("radio", { name: /^Bob Li · Online/ })
      .check();
    await ann.getByLabel("Note for your colleague (optional)").fill("please take over");
    await ann.getByRole("dialog").getByRole("button", { name: "Transfer" }).click();
    await bob.getByRole("tab", { name: "Mine" }).click();
    await expect(bob.getByTestId("conversation-row").filter({ hasText: "Lin" })).toBeVisible();
    // Who is answering, by name (issue #13, defect 6): one line per change, and Ann's reply carries her name.
    await expect(visitor.getByTestId("thread-event").filter({ hasText: "Demo Admin joined" })).toHaveCount(1);
    await expect(visitor.getByTestId("thread-event").filter({ hasText: "Bob Li joined" })).toHaveCount(1);
    await expect(
      visitor.getByTestId("thread-message").filter({ hasText: "Hi Lin, this is Demo Admin." }).getByTestId("message-author"),
    ).toHaveText("DADemo Admin");
    await expect(visitor.getByText("secret-note")).toHaveCount(0);
    await expect(visitor.getByText("please take over")).toHaveCount(0);
    expect(visitorFrames.some((frame) => frame.includes("secret-note") || frame.includes("please take over"))).toBe(false);
    expect(visitorFrames.some((frame) => frame.includes("Hi Lin, this is Demo Admin."))).toBe(true);

    // Presence: Bob goes away, Ann sees it.
    await bob.getByLabel("My status").selectOption("away");
    // Initials, as everywhere else ("BL" for Bob Li, not "BO").
    await expect(ann.getByTestId("colleague").filter({ hasText: "BL" })).toHaveAttribute("data-status", "away");

    // Bob resolves with e; the visitor's next message reopens it.
    await bob.getByTestId("conversation-row").filter({ hasText: "Lin" }).click();
    await bob.locator("body").click({ position: { x: 700, y: 5 } });
    await bob.keyboard.press("e");
    await expect(bob.getByTestId("conversation-state")).toContainText("Resolved");
    await visitorSays(visitor, "我要退货，谢谢");
    await ann.getByRole("tab", { name: "All" }).click();
    await expect(ann.getByTestId("conversation-row").filter({ hasText: "我要退货" })).toBeVisible();
    await expect.poll(async () => (await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).state).toBe("queued");

    // Search: English and Chinese, opening the conversation at the message.
    for (const [query, text] of [
      ["e2e visitor", "hello from the e2e visitor"],
      ["退货", "我要退货，谢谢"],
    ]) {
      await ann.getByLabel("Search conversations, messages, visitors").fill(query!);
      await ann.getByTestId("search-hit").filter({ hasText: text! }).click();
      await expect(ann.getByTestId("thread-message").filter({ hasText: text! })).toHaveClass(/outline-amber-500/);
    }

    // ? shows the shortcuts.
    await ann.locator("body").click({ position: { x: 700, y: 5 } });
    await ann.keyboard.press("?");
    await expect(ann.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await ann.keyboard.press("Escape");

    // Screenshots, desktop and tablet, light and dark: looked at by hand (test-results/inbox-*.png).
    for (const [size, viewport] of [
      ["desktop", desktop],
      ["tablet", tablet],
    ] as const) {
      for (const scheme of ["light", "dark"] as const) {
        await ann.setViewportSize(viewport);
        await ann.emulateMedia({ colorScheme: scheme });
        await ann.getByTestId("conversation-row").first().click();
        await ann.screenshot({ path: `test-results/inbox-${size}-${scheme}.png` });
      }
    }
    await ann.setViewportSize(desktop);
    await ann.emulateMedia({ colorScheme: "light" });
    await ann.goto(`${server.url}/inbox?lang=zh-CN`);
    await ann.getByTestId("conversation-row").first().click();
    await expect(ann.getByRole("tab", { name: "我的" })).toBeVisible();
    await ann.screenshot({ path: "test-results/inbox-desktop-zh.png" });
    await ann.goto(`${server.url}/inbox`);
    await ann.getByTestId("conversation-row").first().click();

    // Block: resolved, and the visitor's next chat is refused with a clear message.
    await ann.getByRole("button", { name: "Block visitor" }).click();
    await ann.getByRole("dialog", { name: "Block visitor" }).getByRole("button", { name: "Confirm" }).click();
    await expect(ann.getByTestId("visitor-panel")).toContainText("Blocked");
    await visitorSays(visitor, "let me back in");
    await expect(visitor.getByText("the site has blocked new conversations from this device or network")).toBeVisible();
    await ann.getByRole("button", { name: "Unblock" }).click();
    await expect(ann.getByTestId("visitor-panel")).not.toContainText("Blocked");
  });
});
