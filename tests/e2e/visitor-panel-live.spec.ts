import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { fillAndSend } from "./support/composer.ts";
import { startServer, type RunningServer } from "./support/server.ts";
import { configureSite, startHostSite, type HostSite } from "./support/widget-host.ts";

// Issue #13, defect 8: the visitor panel follows the visitor live (page views) without a refetch by hand.

let server: RunningServer;
let host: HostSite;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-visitor-live-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
  host = await startHostSite(server.url);
  configureSite(join(dataDir, "parley.db"), "demo", [host.origin]);
});
test.afterAll(async () => {
  await host?.close();
  if (server) expect(await server.stop()).toBe(0);
});

test("the agent's visitor panel shows the page the visitor moves to, live", async ({ browser }) => {
  const agent = await agentLogsIn(browser, server.url);
  await agent.setViewportSize({ width: 1440, height: 900 });
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${host.origin}/kettles`);
  await visitor.locator("#parley-widget .l").click();
  const frame = visitor.frameLocator("#parley-widget iframe");
  await fillAndSend(frame.getByRole("textbox", { name: "Write a message" }), "do you ship abroad?");
  await agent.getByTestId("conversation-row").filter({ hasText: "do you ship abroad?" }).click();
  const trail = agent.getByTestId("page-trail");
  await expect(trail).toContainText(`${host.origin}/kettles`);

  await visitor.goto(`${host.origin}/pricing`);
  await expect(trail).toContainText(`${host.origin}/pricing`);
  await visitor.context().close();
  await agent.context().close();
});
