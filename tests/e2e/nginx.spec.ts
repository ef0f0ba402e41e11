import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { agentLogsIn, chatRoundTrip, visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { nginxBinary, startNginx } from "./support/nginx.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

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

test("through deploy/nginx.conf's TLS server: widget and inbox over https and wss, TLS 1.3 only, HTTP/2 pages, HSTS, resumed sessions", async ({
  browser,
}) => {
  test.skip(!nginxBinary, "needs nginx (set up by .ci/run)");
  test.setTimeout(120_000);
  const node = await startServer({ TRUST_PROXY: "1" });
  const proxy = await startNginx([node.port]);
  try {
    const base = proxy.httpsUrl;
    // The certificate is self-signed for this run; everything else is as a browser sees a real deployment.
    const agentContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const agent = await agentContext.newPage();
    const sockets: string[] = [];
    agent.on("websocket", (socket) => sockets.push(socket.url()));
    const login = await agent.goto(`${base}/login`);
    expect((await login!.securityDetails())?.protocol).toBe("TLS 1.3");
    expect(login!.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(await agent.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol)).toBe(
      "h2",
    );
    await agent.getByLabel("Email").fill(demoEmail);
    await agent.getByLabel("Password").fill(demoPassword);
    await agent.getByRole("button", { name: "Sign in" }).click();
    await expect(agent).toHaveURL(`${base}/inbox`);
    await expect(agent.getByRole("heading", { name: "Inbox" })).toBeVisible();
    // Online once the inbox said so (a visitor arriving before would get the offline form); asked of the node itself.
    await expect
      .poll(async () => (await (await fetch(`${node.url}/chat/demo?deviceId=presence-probe-000000`)).text()).includes('"online":true'), {
        timeout: 20_000,
      })
      .toBe(true);

    const visitorContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const visitor = await visitorContext.newPage();
    const visitorSockets: string[] = [];
    visitor.on("websocket", (socket) => visitorSockets.push(socket.url()));
    // The full-page chat (the same panel the widget frames) through the proxy.
    const demo = await visitor.goto(`${base}/chat/demo?deviceId=e2e-tls-visitor-0000`);
    expect((await demo!.securityDetails())?.protocol).toBe("TLS 1.3");
    await expect(visitor.getByPlaceholder("Type your message…")).toBeEnabled();
    await chatRoundTrip(visitor, agent, "hello over TLS 1.3", "answered over wss");

    // Both sides' live traffic went over WebSocket inside TLS, through the proxy (not the SSE fallback, not the node).
    expect(sockets.some((url) => url.startsWith(`wss://127.0.0.1:${proxy.tlsPort}/api/trpc-ws`))).toBe(true);
    expect(visitorSockets.some((url) => url.startsWith(`wss://127.0.0.1:${proxy.tlsPort}/api/trpc-ws`))).toBe(true);
    await agent.screenshot({ path: "test-results/tls-inbox.png" });

    // TLS 1.2 is refused (it is only an explicitly marked fallback in the file); a second connection resumes the
    // first one's session instead of a full handshake.
    const tls12 = spawnSync("openssl", ["s_client", "-connect", `127.0.0.1:${proxy.tlsPort}`, "-tls1_2"], {
      input: "",
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(tls12.stdout + tls12.stderr).toMatch(/alert protocol version/);
    const session = join(mkdtempSync(join(tmpdir(), "parley-tls-")), "session.pem");
    // -ign_eof with a second of input keeps the first connection open until the server's session ticket arrives.
    spawnSync("sh", ["-c", `sleep 1 | openssl s_client -connect 127.0.0.1:${proxy.tlsPort} -sess_out ${session} -ign_eof`], {
      encoding: "utf8",
      timeout: 10_000,
    });
    const resumed = spawnSync("openssl", ["s_client", "-connect", `127.0.0.1:${proxy.tlsPort}`, "-sess_in", session], {
      input: "",
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(resumed.stdout).toMatch(/^Reused, TLSv1\.3/m);
    await agentContext.close();
    await visitorContext.close();
  } finally {
    await proxy.stop();
    expect(await node.stop()).toBe(0);
  }
});
