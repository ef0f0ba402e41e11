import { expect, test } from "@playwright/test";
import { agentLogsIn, chatRoundTrip, visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { nginxBinary, startNginx } from "./support/nginx.ts";
import { startServer, type RunningServer } from "./support/server.ts";

test("through deploy/nginx.conf in front of two nodes: chat works, and keeps working when one node drains away", async ({ browser }) => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl || !nginxBinary, "needs DATABASE_URL=mysql://…, REDIS_URL and nginx (all set up by .ci/run)");
  test.setTimeout(150_000);
  const cluster = await createClusterEnvironment();
  const nodes: RunningServer[] = [await startServer(cluster.env)];
  nodes.push(await startServer(cluster.env));
  const proxy = await startNginx(nodes.map((node) => node.port));
  try {
    const agent = await agentLogsIn(browser, proxy.url);
    const visitor = await visitorOpensDemo(browser, proxy.url);
    await chatRoundTrip(visitor, agent, "hello through nginx", "answered through nginx");

    // One node leaves (SIGTERM: it tells its clients to reconnect, spread out); the other carries on alone.
    expect(await nodes[0]!.stop()).toBe(0);
    await visitorSays(visitor, "still there?");
    await expect(agent.getByTestId("thread-message").filter({ hasText: "still there?" })).toBeVisible({ timeout: 30_000 });
    await agent.getByLabel("Reply").fill("yes, on the other node");
    await agent.getByLabel("Reply").press("Enter");
    await expect(visitor.getByTestId("thread-message").filter({ hasText: "yes, on the other node" })).toBeVisible({ timeout: 30_000 });
  } finally {
    await proxy.stop();
    await Promise.all(nodes.map((node) => node.stop()));
    await cluster.drop();
  }
});
