import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { createDb } from "../../server/store/db.ts";
import { agentLogsIn, visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

// Issue #13, defect 7: canned variables with fallbacks, the filled text shown before sending, a warning on a blank one.

let server: RunningServer;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-canned-vars-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
  const db = await createDb(`file:${join(dataDir, "parley.db")}`);
  const organization = await db.organization.findFirstOrThrow();
  await db.cannedResponse.create({
    data: {
      organizationId: organization.id,
      shortcut: "hi",
      title: "Greeting",
      body: "Hi {{visitor.name|there}}, this is {{agent.name}}. We'll write to {{visitor.email}}.",
    },
  });
  await db.$disconnect();
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

test("an anonymous visitor gets the fallback, the picker shows the filled text, and a blank variable is flagged", async ({ browser }) => {
  const agent = await agentLogsIn(browser, server.url);
  const visitor = await visitorOpensDemo(browser, server.url);
  await visitorSays(visitor, "where is my order?");
  await agent.getByTestId("conversation-row").filter({ hasText: "where is my order?" }).click();
  await agent.getByLabel("Reply").fill("/hi");
  await expect(agent.getByTestId("canned-preview")).toHaveText("Hi there, this is Demo Admin. We'll write to .");
  await expect(agent.getByTestId("canned-choice")).toContainText("Empty for this visitor: {{visitor.email}}");
  await agent.getByLabel("Reply").press("Enter");
  await expect(agent.getByLabel("Reply")).toHaveValue("Hi there, this is Demo Admin. We'll write to .");
  await expect(agent.getByTestId("canned-blank")).toHaveText("Empty for this visitor: {{visitor.email}}. Check the text before sending.");
  await agent.screenshot({ path: test.info().outputPath("inbox-canned-blank-warning.png") });
  await agent.getByLabel("Reply").press("Enter");
  await expect(visitor.getByTestId("thread-message").filter({ hasText: "Hi there, this is Demo Admin." })).toBeVisible();
  await expect(agent.getByTestId("canned-blank")).toHaveCount(0);
  await agent.context().close();
  await visitor.context().close();
});
