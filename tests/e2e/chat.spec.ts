import { expect, test } from "@playwright/test";
import { agentLogsIn, chatRoundTrip, visitorOpensDemo } from "./support/chat.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { startServer, type RunningServer } from "./support/server.ts";

test.describe("embedded: one process on SQLite + the in-process bus", () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(async () => {
    // Graceful shutdown is part of the contract: SIGTERM → exit 0.
    expect(await server.stop()).toBe(0);
  });

  test("a visitor says hello, the agent sees it live and replies, the visitor sees the reply", async ({ browser }) => {
    const agent = await agentLogsIn(browser, server.url);
    const visitor = await visitorOpensDemo(browser, server.url);
    await chatRoundTrip(visitor, agent, "hello", "Hi! How can I help?");
    // History survives a reload.
    await visitor.reload();
    await expect(visitor.getByTestId("thread-message").filter({ hasText: "Hi! How can I help?" })).toBeVisible();
    await visitor.screenshot({ path: "test-results/visitor-demo.png" });
    await agent.screenshot({ path: "test-results/agent-inbox.png" });
  });

  test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill("admin@demo.parley.local");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Invalid" })).toHaveText("Invalid email or password");
    await expect(page).toHaveURL(`${server.url}/login`);
  });

  test("the inbox sends a visitor without a session to the login page", async ({ page }) => {
    await page.goto(`${server.url}/inbox`);
    await expect(page).toHaveURL(`${server.url}/login`);
  });
});

test.describe("two nodes on MariaDB + Redis", () => {
  let nodes: RunningServer[] = [];
  let dropDatabase = async () => {};

  test.beforeAll(async () => {
    if (!e2eMysqlUrl || !e2eRedisUrl) {
      console.warn("DATABASE_URL (mysql) or REDIS_URL not set: the two-node e2e runs only when both are given");
      return;
    }
    const cluster = await createClusterEnvironment();
    dropDatabase = cluster.drop;
    // The first node migrates and seeds; the second finds both done.
    nodes.push(await startServer(cluster.env));
    nodes.push(await startServer(cluster.env));
  });
  test.afterAll(async () => {
    const codes = await Promise.all(nodes.map((node) => node.stop()));
    nodes = [];
    await dropDatabase();
    expect(codes.every((code) => code === 0)).toBe(true);
  });

  test("the visitor on node A and the agent on node B chat live", async ({ browser }) => {
    test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
    const [nodeA, nodeB] = nodes as [RunningServer, RunningServer];
    const agent = await agentLogsIn(browser, nodeB.url);
    const visitor = await visitorOpensDemo(browser, nodeA.url);
    await chatRoundTrip(visitor, agent, "hello from node A", "answered from node B");
  });
});
