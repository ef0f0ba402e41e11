import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { agentLogsIn, visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { demoPassword, startServer, type RunningServer } from "./support/server.ts";

// Issue #13, smaller ones: `a` on a colleague's active chat asks first; resolving can be undone for 5 s.

let server: RunningServer;
let db: Db;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-undo-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
  db = await createDb(`file:${join(dataDir, "parley.db")}`);
  const organization = await db.organization.findFirstOrThrow();
  await db.user.create({
    data: {
      organizationId: organization.id,
      email: "bob@demo.parley.local",
      name: "Bob Li",
      role: "admin",
      passwordHash: await hashPassword(demoPassword),
    },
  });
});
test.afterAll(async () => {
  await db?.$disconnect();
  if (server) expect(await server.stop()).toBe(0);
});

test("taking a colleague's chat asks first, and a resolve can be undone", async ({ browser }) => {
  const admin = await agentLogsIn(browser, server.url);
  const visitor = await visitorOpensDemo(browser, server.url);
  await visitorSays(visitor, "help with my invoice");
  // The seeded Support team routes it to the admin, who is online.
  await expect(admin.getByTestId("conversation-row").filter({ hasText: "help with my invoice" })).toBeVisible();
  // Bob (an admin, so he sees the Support team's chats) opens it.
  const bob = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await bob.goto(`${server.url}/login`);
  await bob.getByLabel("Email").fill("bob@demo.parley.local");
  await bob.getByLabel("Password").fill(demoPassword);
  await bob.getByRole("button", { name: "Sign in" }).click();
  await bob.getByTestId("conversation-row").filter({ hasText: "help with my invoice" }).click();
  await expect(bob.getByTestId("thread-message").filter({ hasText: "help with my invoice" })).toBeVisible();
  const asked: string[] = [];
  bob.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await bob.locator("body").click({ position: { x: 700, y: 400 } });
  await bob.keyboard.press("a");
  await expect.poll(() => asked).toEqual(["Demo Admin is handling this conversation. Take it over?"]);
  const conversation = await db.conversation.findFirstOrThrow({
    where: { lastMessagePreview: "help with my invoice" },
    include: { assignee: true },
  });
  expect(conversation.assignee?.name).toBe("Demo Admin");

  await bob.keyboard.press("e");
  await expect(bob.getByTestId("undo-toast")).toContainText("Conversation resolved");
  await bob.getByTestId("undo-toast").getByRole("button", { name: "Undo" }).click();
  await expect(bob.getByTestId("conversation-state")).not.toContainText("Resolved");
  expect((await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).state).not.toBe("resolved");
  await bob.context().close();
  await admin.context().close();
  await visitor.context().close();
});
