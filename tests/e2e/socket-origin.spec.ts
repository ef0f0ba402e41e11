import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { agentLogsIn } from "./support/chat.ts";
import { freePort, startServer, type RunningServer } from "./support/server.ts";

let server: RunningServer;
let evil: Server;
let evilUrl: string;

/**
 * The page an attacker serves on another port of the same host: same site, so the browser sends the agent's
 * SameSite=Lax cookie with its WebSocket upgrade. It tries what the probe in issue #11 did: read the conversations
 * and mint an admin API token.
 */
const attackPage = (wsUrl: string) => `<!doctype html><meta charset="utf-8"><title>totally harmless</title><script>
  window.attack = new Promise((resolve) => {
    const answers = [];
    const socket = new WebSocket(${JSON.stringify(wsUrl)});
    socket.onopen = () => {
      socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "agent.conversations.list", input: {} } }));
      socket.send(JSON.stringify({ id: 2, method: "mutation", params: { path: "admin.tokens.create", input: { name: "stolen", scopes: ["read", "write", "admin"] } } }));
    };
    socket.onmessage = (event) => {
      const answer = JSON.parse(event.data);
      if (answer.id !== null) answers.push(answer);
      if (answers.length === 2) resolve({ opened: true, answers });
    };
    socket.onclose = (event) => resolve({ opened: answers.length > 0, code: event.code, answers });
  });
</script>`;

test.beforeAll(async () => {
  server = await startServer();
  const port = await freePort();
  evilUrl = `http://127.0.0.1:${port}`;
  evil = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end(attackPage(`${server.url.replace("http", "ws")}/api/trpc-ws`)),
  );
  await new Promise<void>((resolve) => evil.listen(port, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => evil?.close(resolve));
  if (server) expect(await server.stop()).toBe(0);
});

test("a page on another port of the same host cannot open the agent's socket with the agent's cookie", async ({ browser }) => {
  const inbox = await agentLogsIn(browser, server.url);
  const context = inbox.context();
  expect((await context.cookies(server.url)).map((cookie) => cookie.name)).toContain("parley_session");

  const page = await context.newPage();
  await page.goto(evilUrl);
  const outcome = (await page.evaluate(() => (window as unknown as { attack: Promise<unknown> }).attack)) as {
    opened: boolean;
    code?: number;
    answers: unknown[];
  };
  // Refused before the upgrade (403): the browser reports an abnormal closure and nothing was answered.
  expect(outcome).toEqual({ opened: false, code: 1006, answers: [] });

  // No token was minted; the agent's own inbox, on the app's origin, still works over its socket.
  const tokens = await inbox.evaluate(async () => {
    const response = await fetch("/api/trpc/admin.tokens.list");
    return ((await response.json()) as { result: { data: unknown[] } }).result.data;
  });
  expect(tokens).toEqual([]);
  await expect(inbox.getByRole("heading", { name: "Inbox" })).toBeVisible();
  expect(server.logs.join("")).not.toContain("stolen");
});

test("signing out in one tab takes the inbox open in another tab to the login page (its socket closed with 4001)", async ({ browser }) => {
  const inbox = await agentLogsIn(browser, server.url);
  const other = await inbox.context().newPage();
  await other.goto(`${server.url}/login`);
  await other.evaluate(() =>
    fetch("/api/trpc/auth.logout", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
  );
  await expect(inbox).toHaveURL(`${server.url}/login`);
});
