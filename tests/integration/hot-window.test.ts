import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBus } from "../../server/bus/index.ts";
import type { AgentMessage } from "../../server/contracts/messages.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { streamThread } from "../../server/realtime/thread-stream.ts";
import { freePort } from "../e2e/support/server.ts";
import { createNode, createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends, createTestDatabase, mysqlUrl } from "../support/test-database.ts";

/** A node whose database client counts reads of messages: a replay served by the hot window makes none. */
function countingReads(deps: Deps) {
  const counts = { messageReads: 0 };
  const message = new Proxy(deps.db.message, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "findMany") return value;
      return (...args: unknown[]) => {
        counts.messageReads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const db = new Proxy(deps.db, {
    get: (target, property, receiver) => (property === "message" ? message : Reflect.get(target, property, receiver)),
  });
  return { node: { ...deps, db } as Deps, counts };
}

/** Streams the thread after `afterSeq` until `count` messages arrived; returns their seqs and bodies. */
async function replay(
  deps: Deps,
  input: { organizationId: string; conversationId: string; afterSeq: number; knownLastSeq?: number },
  count: number,
  waitMs = 5_000,
) {
  const controller = new AbortController();
  const received: AgentMessage[] = [];
  const deadline = Date.now() + waitMs;
  const reading = (async () => {
    for await (const message of streamThread(deps, { ...input, signal: controller.signal })) {
      received.push(message);
      if (received.length >= count) controller.abort();
    }
  })();
  while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  controller.abort();
  await reading;
  return received.map((message) => [message.seq, message.body]);
}

const expected = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => [from + i, `m${from + i}`]);

describe.each(backends())("hot window replay on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  async function conversationWith(count: number, deps = world.deps) {
    const tenant = await createTenant(deps);
    const visitor = await tenant.visitor();
    let conversationId = "";
    for (let i = 1; i <= count; i++)
      ({ conversationId } = await sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body: `m${i}` }));
    return { organizationId: tenant.organization.id, visitor, conversationId };
  }

  it("a short reconnect replays from the window, without reading messages from the database", async () => {
    const { organizationId, conversationId } = await conversationWith(6);
    const { node, counts } = countingReads(world.nodes[1]!);
    expect(await replay(node, { organizationId, conversationId, afterSeq: 2, knownLastSeq: 6 }, 4)).toEqual(expected(3, 6));
    expect(counts.messageReads).toBe(0);
  });

  it("another organization's window is not readable with a conversation id alone", async () => {
    const { conversationId } = await conversationWith(2);
    const other = await createTenant(world.deps, "Other");
    const { node, counts } = countingReads(world.deps);
    expect(await replay(node, { organizationId: other.organization.id, conversationId, afterSeq: 0 }, 1, 500)).toEqual([]);
    expect(counts.messageReads).toBe(1);
  });

  it("a gap older than the window (trimmed) is read from the database, nothing missed", async () => {
    const { organizationId, visitor, conversationId } = await conversationWith(1);
    await Promise.all(
      Array.from({ length: 204 }, (_, i) => sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: `x${i}` })),
    );
    const { node, counts } = countingReads(world.deps);
    const received = await replay(node, { organizationId, conversationId, afterSeq: 0 }, 205);
    expect(received.map(([seq]) => seq)).toEqual(Array.from({ length: 205 }, (_, i) => i + 1));
    expect(counts.messageReads).toBeGreaterThan(0);
  });

  it("a hole in the window (one append lost) or a window ending before the known lastSeq goes to the database", async () => {
    const { organizationId, visitor, conversationId } = await conversationWith(1);
    const deaf: Deps = { ...world.deps, bus: { ...world.deps.bus, publishToWindow: async () => {} } };
    await sendVisitorMessage(deaf, visitor, { clientMsgId: clientMsgId(), body: "m2" });
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "m3" });
    const hole = countingReads(world.deps);
    expect(await replay(hole.node, { organizationId, conversationId, afterSeq: 0 }, 3)).toEqual(expected(1, 3));
    expect(hole.counts.messageReads).toBeGreaterThan(0);

    await sendVisitorMessage(deaf, visitor, { clientMsgId: clientMsgId(), body: "m4" });
    const tail = countingReads(world.deps);
    expect(await replay(tail.node, { organizationId, conversationId, afterSeq: 2, knownLastSeq: 4 }, 2)).toEqual(expected(3, 4));
    expect(tail.counts.messageReads).toBeGreaterThan(0);
  });

  it.runIf(backend === "sqlite")("a restarted process has no window: replay comes from the database", async () => {
    const { organizationId, conversationId } = await conversationWith(3);
    const restarted = countingReads({ ...world.deps, bus: createBus({ keyPrefix: "restart:" }) });
    expect(await replay(restarted.node, { organizationId, conversationId, afterSeq: 1 }, 2)).toEqual(expected(2, 3));
    expect(restarted.counts.messageReads).toBeGreaterThan(0);
    await restarted.node.bus.close();
  });
});

/** A Redis of this test's own, with an RDB file, so it can be flushed, snapshotted and restarted. */
async function privateRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "parley-window-"));
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        probe.disconnect();
      }
    }
  };
  const crash = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url,
    start,
    crash,
    stop: async () => {
      await crash();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.runIf(mysqlUrl)("hot window when Redis loses it", () => {
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let node: Deps;
  const prefix = `parley_t_${randomBytes(6).toString("hex")}:`;
  beforeAll(async () => {
    redis = await privateRedis();
    database = await createTestDatabase("mysql");
    node = await createNode(database.url, redis.url, prefix);
  });
  afterAll(async () => {
    await node?.bus.close();
    await node?.presence.close();
    await node?.db.$disconnect();
    await database?.drop();
    await redis?.stop();
  });

  async function conversationWith(count: number) {
    const tenant = await createTenant(node);
    const visitor = await tenant.visitor();
    let conversationId = "";
    for (let i = 1; i <= count; i++)
      ({ conversationId } = await sendVisitorMessage(node, visitor, { clientMsgId: clientMsgId(), body: `m${i}` }));
    return { organizationId: tenant.organization.id, visitor, conversationId };
  }

  /** Polls until the node's bus reads windows again after an outage (it learns the new server's identity first). */
  async function windowReadable(
    organizationId: string,
    conversationId: string,
    visitor: Awaited<ReturnType<typeof conversationWith>>["visitor"],
  ) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ack = await sendVisitorMessage(node, visitor, { clientMsgId: clientMsgId(), body: "probe" }).catch(() => null);
      if (ack && (await node.bus.readWindow(`win:${organizationId}:${conversationId}`, ack.seq - 1))) return ack.seq;
      if (Date.now() > deadline) throw new Error("window never came back");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("after FLUSHDB the window is gone: replay falls back to the database and misses nothing", async () => {
    const { organizationId, conversationId } = await conversationWith(4);
    const served = countingReads(node);
    expect(await replay(served.node, { organizationId, conversationId, afterSeq: 1 }, 3)).toEqual(expected(2, 4));
    expect(served.counts.messageReads).toBe(0);

    const admin = new Redis(redis.url);
    await admin.flushdb();
    await admin.quit();
    const flushed = countingReads(node);
    expect(await replay(flushed.node, { organizationId, conversationId, afterSeq: 1 }, 3)).toEqual(expected(2, 4));
    expect(flushed.counts.messageReads).toBeGreaterThan(0);
  });

  it("a restart that reloads an older snapshot is detected: the stale window is not used", async () => {
    const { organizationId, visitor, conversationId } = await conversationWith(3);
    const admin = new Redis(redis.url);
    await admin.save();
    admin.disconnect();
    // Written after the snapshot: the restarted Redis will not have it in its window.
    await sendVisitorMessage(node, visitor, { clientMsgId: clientMsgId(), body: "m4" });
    // The publish runs behind the ack: let it reach the window before the crash.
    const live = new Redis(redis.url);
    await expect
      .poll(async () => (await live.zrangebyscore(`${prefix}win:${organizationId}:${conversationId}`, 1, "+inf")).length, {
        timeout: 5_000,
      })
      .toBe(4);
    live.disconnect();
    await redis.crash();
    await redis.start();
    // The node is connected again, and the snapshot brought back the old window (marked with the old server's run_id).
    await expect
      .poll(
        () =>
          node.bus.ping().then(
            () => true,
            () => false,
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reloaded = new Redis(redis.url);
    const stale = await reloaded.zrangebyscore(`${prefix}win:${organizationId}:${conversationId}`, 1, "+inf");
    await reloaded.quit();
    expect(stale.map((payload) => (JSON.parse(payload) as AgentMessage).body)).toEqual(["m1", "m2", "m3"]);

    const restarted = countingReads(node);
    expect(await replay(restarted.node, { organizationId, conversationId, afterSeq: 1 }, 3)).toEqual(expected(2, 4));
    expect(restarted.counts.messageReads).toBeGreaterThan(0);

    // Once the node knows the new server, new writes start a fresh window that serves short reconnects again.
    const probe = await windowReadable(organizationId, conversationId, visitor);
    const fresh = countingReads(node);
    expect((await replay(fresh.node, { organizationId, conversationId, afterSeq: probe - 1 }, 1)).map(([seq]) => seq)).toEqual([probe]);
    expect(fresh.counts.messageReads).toBe(0);
  });
});
