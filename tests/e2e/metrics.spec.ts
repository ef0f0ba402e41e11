import { expect, test } from "@playwright/test";
import { parsePrometheusText, total } from "../support/prometheus-text.ts";
import { agentLogsIn, visitorOpensDemo, visitorSays } from "./support/chat.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { freePort, startServer } from "./support/server.ts";

const token = "e2e-metrics-token-0123456789";

test("the built server: /metrics on METRICS_PORT and behind METRICS_TOKEN after a visitor chats; logs are JSON lines without the message", async ({
  browser,
}) => {
  const metricsPort = await freePort();
  const server = await startServer({ METRICS_PORT: String(metricsPort), METRICS_TOKEN: token, LOG_LEVEL: "debug" });
  try {
    // An agent online, so the visitor gets the composer rather than the offline form.
    const agent = await agentLogsIn(browser, server.url);
    const visitor = await visitorOpensDemo(browser, server.url);
    await visitorSays(visitor, "a private question about my order 8812");
    await expect(visitor.getByTestId("thread-message").filter({ hasText: "8812" })).toBeVisible();

    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const viaToken = parsePrometheusText(
      await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text(),
    );
    const viaPort = parsePrometheusText(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
    for (const samples of [viaToken, viaPort]) {
      expect(total(samples, "parley_messages_committed_total")).toBeGreaterThanOrEqual(1);
      expect(total(samples, "parley_ws_sockets", { kind: "visitor" })).toBeGreaterThanOrEqual(1);
      expect(total(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
      expect(samples.find((sample) => sample.name === "parley_ws_connects_total")?.labels.node).toMatch(/\/\d+$/);
    }
    await visitor.context().close();
    await agent.context().close();
  } finally {
    expect(await server.stop()).toBe(0);
  }
  const lines = server.logs
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"));
  expect(lines.length).toBeGreaterThan(0);
  const entries = lines.map((line) => JSON.parse(line) as { msg: string; severity: string; node?: string });
  expect(entries.map((entry) => entry.msg)).toEqual(expect.arrayContaining(["ready", "shutting down", "stopped"]));
  expect(entries.every((entry) => entry.severity && entry.node)).toBe(true);
  expect(server.logs.join("")).not.toContain("8812");
});

test("WORKERS=2: the primary answers METRICS_PORT with both workers' series, each with its node label", async () => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
  test.setTimeout(120_000);
  const cluster = await createClusterEnvironment();
  const metricsPort = await freePort();
  const server = await startServer({ ...cluster.env, WORKERS: "2", METRICS_PORT: String(metricsPort) });
  try {
    let nodes: string[] = [];
    await expect
      .poll(async () => {
        const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
        nodes = [...new Set(samples.filter((sample) => sample.name === "parley_ws_connects_total").map((sample) => sample.labels.node!))];
        return nodes.length;
      })
      .toBe(2);
    expect(nodes.every((node) => /\/\d+$/.test(node))).toBe(true);
  } finally {
    await server.stop();
    await cluster.drop();
  }
});
