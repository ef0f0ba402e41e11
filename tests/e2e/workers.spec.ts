import { get } from "node:http";
import { expect, test } from "@playwright/test";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { startServer } from "./support/server.ts";

/** GET /healthz on a new connection (no keep-alive pool), so the cluster's primary hands it to any worker. */
function healthOnNewConnection(url: string): Promise<{ pid: number }> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}/healthz`, { agent: false, timeout: 2000 }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve(JSON.parse(body) as { pid: number }));
    });
    // A connection handed to a worker at the moment it is killed never answers.
    request.on("timeout", () => request.destroy(new Error("no answer in 2 s")));
    request.on("error", reject);
  });
}

/** Asks /healthz on fresh connections until it has heard from `count` different processes. */
async function servingPids(url: string, count: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < 100 && pids.size < count; i++) {
    const answer = await healthOnNewConnection(url).catch(() => null);
    if (answer) pids.add(answer.pid);
  }
  return pids;
}

test("WORKERS=2: two serving processes share the port, a dead one is replaced, SIGTERM stops all cleanly", async () => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
  test.setTimeout(120_000);
  const cluster = await createClusterEnvironment();
  const server = await startServer({ ...cluster.env, WORKERS: "2" });
  try {
    let first = new Set<number>();
    await expect
      .poll(
        async () => {
          first = await servingPids(server.url, 2);
          return first.size;
        },
        { timeout: 60_000 },
      )
      .toBe(2);
    const victim = [...first][0]!;
    process.kill(victim, "SIGKILL");
    // The primary forks a replacement; the port keeps answering meanwhile.
    await expect
      .poll(async () => [...(await servingPids(server.url, 2))].filter((pid) => !first.has(pid)).length, { timeout: 60_000 })
      .toBe(1);
    expect(server.logs.join("")).toContain("worker died; starting another");
  } catch (error) {
    console.log(server.logs.join(""));
    throw error;
  } finally {
    expect(await server.stop()).toBe(0);
    await cluster.drop();
  }
});
