import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import type { Deps } from "../../server/domain/deps.ts";
import type { NodeInfo } from "../../server/nodes/node-registry.ts";
import { announceNode } from "../../server/realtime/node-announcer.ts";
import { watchNodes } from "../../server/realtime/node-watch.ts";
import { createNode, createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { nodeClient, startWsServer } from "../support/ws-server.ts";

const redisUrl = process.env.REDIS_URL;
const mysqlUrl = process.env.DATABASE_URL?.startsWith("mysql") ? process.env.DATABASE_URL : undefined;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
/** The bound: peers and the system page learn of a node's arrival and departure within this. */
const discoveryBoundMs = 200;

const until = async (check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** When each node id was first seen in, and then first missing from, a stream of node lists. */
class Sightings {
  seen = new Map<string, number>();
  gone = new Map<string, number>();
  record(list: NodeInfo[]) {
    const now = Date.now();
    const ids = new Set(list.map((node) => node.id));
    for (const id of ids) if (!this.seen.has(id)) this.seen.set(id, now);
    for (const id of this.seen.keys()) if (!ids.has(id) && !this.gone.has(id)) this.gone.set(id, now);
  }
}

describe("node discovery in the embedded mode", () => {
  it("a watcher sees a node announce itself and withdraw at once", async () => {
    const world = await createTestWorld("sqlite");
    const stop = new AbortController();
    const sightings = new Sightings();
    let lists = 0;
    const watching = (async () => {
      for await (const list of watchNodes(world.deps, stop.signal, 60_000)) {
        lists++;
        sightings.record(list);
      }
    })();
    try {
      await until(() => lists > 0);
      const node = announceNode(
        world.deps.nodes,
        { port: 3000, connections: () => 0 },
        quiet,
        { everyMs: 60_000, ttlMs: 60_000 },
        world.deps.bus,
      );
      await node.announced;
      await until(() => sightings.seen.has(node.id));
      await node.stop();
      await until(() => sightings.gone.has(node.id));
    } finally {
      stop.abort();
      await watching;
      await world.close();
    }
  });
});

describe.skipIf(!redisUrl || !mysqlUrl)("node discovery across processes over Redis", () => {
  const keyPrefix = `parley_t_${randomBytes(6).toString("hex")}:`;
  let database: TestDatabase;
  let deps: Deps;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  let redis: Redis;
  beforeAll(async () => {
    database = await createTestDatabase("mysql");
    deps = await createNode(database.url, redisUrl, keyPrefix);
    server = await startWsServer(deps);
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.allSettled([deps?.bus.close(), deps?.presence.close(), deps?.nodes.close(), deps?.db.$disconnect()]);
    await database?.drop();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it(`a second worker is seen by a peer and by the system page within ${discoveryBoundMs} ms of its readiness, and is gone within ${discoveryBoundMs} ms of SIGTERM`, async () => {
    // This node's own view (a peer), and the admin's system page over the real WebSocket endpoint.
    const stop = new AbortController();
    const peer = new Sightings();
    let peerLists = 0;
    const watching = (async () => {
      for await (const list of watchNodes(deps, stop.signal)) {
        peerLists++;
        peer.record(list);
      }
    })();
    const tenant = await createTenant(deps);
    const session = await logIn(deps, { email: tenant.admin.email, password: testPassword });
    const admin = nodeClient(server.url, { cookie: `${sessionCookieName}=${session.token}` });
    const page = new Sightings();
    let pageLists = 0;
    const subscription = admin.trpc.admin.system.onNodes.subscribe(undefined, {
      onData: (list) => {
        pageLists++;
        page.record(list);
      },
    });
    let child: ChildProcess | undefined;
    try {
      await until(() => pageLists > 0 && peerLists > 0);
      child = spawn(process.execPath, ["--import", "tsx", "tests/support/announcing-node.ts"], {
        // Production's refresh period, so only the announcement on the bus can make the bound.
        env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: keyPrefix, EVERY_MS: "5000", TTL_MS: "15000" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      const [id, readyAtText] = (
        await new Promise<string>((resolve) => child!.stdout!.once("data", (data) => resolve(String(data).trim())))
      ).split(" ");
      const readyAt = Number(readyAtText);
      await until(() => peer.seen.has(id!) && page.seen.has(id!));
      const joined = { peer: peer.seen.get(id!)! - readyAt, page: page.seen.get(id!)! - readyAt };

      const terminatedAt = Date.now();
      child.kill("SIGTERM");
      await until(() => peer.gone.has(id!) && page.gone.has(id!));
      const left = { peer: peer.gone.get(id!)! - terminatedAt, page: page.gone.get(id!)! - terminatedAt };
      console.info(`node discovery: joined after ${JSON.stringify(joined)} ms, left after ${JSON.stringify(left)} ms`);
      expect(Math.max(joined.peer, joined.page)).toBeLessThan(discoveryBoundMs);
      expect(Math.max(left.peer, left.page)).toBeLessThan(discoveryBoundMs);
      expect(await exited).toBe(0);
    } finally {
      if (child && child.exitCode === null) child.kill("SIGKILL");
      subscription.unsubscribe();
      await admin.close();
      stop.abort();
      await watching;
    }
  });
});
