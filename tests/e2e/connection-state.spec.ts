import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { createDb } from "../../server/store/db.ts";
import { agentLogsIn } from "./support/chat.ts";
import { demoPassword, startServer, type RunningServer } from "./support/server.ts";

// Issue #13, defect 3: a lost connection is shown calmly in the widget and the inbox, pending messages are marked,
// and colleagues see the disconnected agent as offline.

let server: RunningServer;
let dataDir: string;
test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "parley-connection-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

test("a server outage: the widget and the inbox say they are reconnecting, a message typed meanwhile waits and then goes out", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const agent = await agentLogsIn(browser, server.url);
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=connection-e2e-0001`);
  const input = visitor.getByRole("textbox", { name: "Write a message" });
  await input.fill("Hello before the outage");
  await input.press("Enter");
  await expect(
    visitor
      .getByTestId("thread-message")
      .filter({ hasText: "Hello before the outage" })
      .getByText(/Sent|Read/),
  ).toBeVisible();

  expect(await server.stop()).toBe(0);
  await expect(visitor.getByRole("status").filter({ hasText: "Reconnecting… your messages will be sent" })).toBeVisible();
  await expect(agent.getByTestId("connection-banner")).toContainText("Reconnecting");
  await visitor.screenshot({ path: test.info().outputPath("widget-reconnecting-phone.png") });
  await agent.screenshot({ path: test.info().outputPath("inbox-reconnecting-desktop.png") });
  await input.fill("Typed while offline");
  await input.press("Enter");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Typed while offline" })).toContainText("Waiting for connection…");

  server = await startServer({ DATA_DIR: dataDir }, { port: server.port });
  await expect(
    visitor
      .getByTestId("thread-message")
      .filter({ hasText: "Typed while offline" })
      .getByText(/Sent|Read/),
  ).toBeVisible({ timeout: 60_000 });
  await expect(visitor.getByRole("status").filter({ hasText: "Reconnecting" })).toBeHidden();
  await expect(agent.getByTestId("connection-banner")).toBeHidden({ timeout: 60_000 });
  await agent.context().close();
  await visitor.context().close();
});

test("colleagues see an agent whose connection dropped as offline", async ({ browser }) => {
  const db = await createDb(`file:${join(dataDir, "parley.db")}`);
  const organization = await db.organization.findFirstOrThrow();
  await db.user.upsert({
    where: { email: "bob@demo.parley.local" },
    update: {},
    create: {
      organizationId: organization.id,
      email: "bob@demo.parley.local",
      name: "Bob Li",
      role: "agent",
      passwordHash: await hashPassword(demoPassword),
    },
  });
  await db.$disconnect();
  const admin = await agentLogsIn(browser, server.url);
  const bob = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await bob.goto(`${server.url}/login`);
  await bob.getByLabel("Email").fill("bob@demo.parley.local");
  await bob.getByLabel("Password").fill(demoPassword);
  await bob.getByRole("button", { name: "Sign in" }).click();
  const adminDot = bob
    .getByTestId("colleague")
    .filter({ has: bob.locator('[title^="Demo Admin"]') })
    .or(bob.locator('[data-testid=colleague][title^="Demo Admin"]'));
  await expect(adminDot).toHaveAttribute("data-status", "online");
  await admin.context().close();
  await expect(adminDot).toHaveAttribute("data-status", "offline");
  await bob.context().close();
});
