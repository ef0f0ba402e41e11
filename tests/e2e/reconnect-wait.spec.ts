import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { reconnectWaitPath } from "../../server/contracts/reconnect.ts";
import { agentLogsIn } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

// Issue #11, "reconnect storm, controlled by the server": after a node is killed, a browser does not sleep in a
// backoff of its own; it asks the node when to come back (held while the node starts) and opens its socket at the
// slot it was given, with the slot's ticket.

let server: RunningServer;
let dataDir: string;
test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "parley-reconnect-wait-e2e-"));
  server = await startServer({ DATA_DIR: dataDir });
});
test.afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

/** The reconnect-wait requests and WebSocket URLs a page makes from now on. */
function watch(page: Page) {
  const waits: string[] = [];
  const sockets: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === reconnectWaitPath) waits.push(request.url());
  });
  page.on("websocket", (socket) => sockets.push(socket.url()));
  return { waits, sockets };
}

test("after kill -9 the widget and the inbox wait for the restarted node's answer and come back with its ticket", async ({ browser }) => {
  test.setTimeout(150_000);
  const agent = await agentLogsIn(browser, server.url);
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await visitor.goto(`${server.url}/chat/demo?deviceId=reconnect-wait-e2e-01`);
  const input = visitor.getByRole("textbox", { name: "Write a message" });
  await input.fill("Hello before the crash");
  await input.press("Enter");
  await expect(
    visitor
      .getByTestId("thread-message")
      .filter({ hasText: "Hello before the crash" })
      .getByText(/Sent|Read/),
  ).toBeVisible();
  const seen = { agent: watch(agent), visitor: watch(visitor) };

  await server.crash();
  await expect(agent.getByTestId("connection-banner")).toContainText("Reconnecting");
  server = await startServer({ DATA_DIR: dataDir }, { port: server.port });

  await expect(agent.getByTestId("connection-banner")).toBeHidden({ timeout: 60_000 });
  await input.fill("Hello after the restart");
  await input.press("Enter");
  await expect(
    visitor
      .getByTestId("thread-message")
      .filter({ hasText: "Hello after the restart" })
      .getByText(/Sent|Read/),
  ).toBeVisible({ timeout: 60_000 });
  for (const page of [seen.agent, seen.visitor]) {
    expect(page.waits.length).toBeGreaterThan(0);
    expect(page.sockets.some((url) => new URL(url).searchParams.has("ticket"))).toBe(true);
  }
  await agent.context().close();
  await visitor.context().close();
});
