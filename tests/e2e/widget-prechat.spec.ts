import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite } from "./support/widget-host.ts";
import { fillAndSend } from "./support/composer.ts";

let server: RunningServer;
const dataDir = mkdtempSync(join(tmpdir(), "parley-prechat-e2e-"));

test.beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir });
  configureSite(join(dataDir, "parley.db"), "demo", [], {
    preChat: {
      enabled: true,
      fields: [
        { key: "name", label: "Your name", type: "name", required: true },
        { key: "email", label: "Email", type: "email", required: true },
        { key: "order", label: "Order number", type: "text", required: false },
      ],
    },
  });
});

test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

test("the site's pre-chat questions come first; the answers reach the agent's visitor panel", async ({ browser }) => {
  const agent = await agentLogsIn(browser, server.url);
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=prechat-e2e-device-0001`);
  await expect(visitor.locator("main[data-ready=true]")).toBeAttached();
  const form = visitor.getByTestId("prechat-form");
  await expect(form).toBeVisible();
  await expect(visitor.getByRole("textbox", { name: "Write a message" })).toBeHidden();
  await form.getByLabel("Your name *").fill("Ada Lovelace");
  await form.getByLabel("Email *").fill("ada@example.com");
  await form.getByLabel("Order number").fill("#1921");
  await visitor.screenshot({ path: "test-results/widget-prechat-phone.png" });
  await form.getByRole("button", { name: "Start chat" }).click();
  await expect(form).toBeHidden();
  const box = visitor.getByRole("textbox", { name: "Write a message" });
  await expect(box).toBeFocused();
  await fillAndSend(box, "Where is my kettle?");

  await agent.getByTestId("conversation-row").filter({ hasText: "Where is my kettle?" }).click();
  await expect(agent.getByText("Ada Lovelace").first()).toBeVisible();
  await expect(agent.getByText("ada@example.com").first()).toBeVisible();
  await expect(agent.getByText("#1921").first()).toBeVisible();
});
