import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topics } from "../../server/bus/topics.ts";
import type { AgentMessage } from "../../server/contracts/messages.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { streamThread } from "../../server/realtime/thread-stream.ts";
import { backends, createTestDatabase, mysqlUrl } from "../support/test-database.ts";
import { createNode, createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";

/** Reads from a stream into an array in the background, so a test can act and then wait for a count. */
function collect(stream: AsyncGenerator<AgentMessage>) {
  const received: AgentMessage[] = [];
  const done = (async () => {
    for await (const message of stream) received.push(message);
  })();
  const waitFor = async (count: number, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return received;
  };
  return { received, waitFor, done };
}

describe.each(backends())("thread subscription on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  async function conversationWith(count: number) {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    let conversationId = "";
    for (let i = 1; i <= count; i++) {
      ({ conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: `m${i}` }));
    }
    return { tenant, visitor, conversationId };
  }

  it("replays everything after lastEventId, then goes live, each seq exactly once and in order", async () => {
    const { tenant, visitor, conversationId } = await conversationWith(5);
    const controller = new AbortController();
    const stream = collect(
      streamThread(world.nodes[1]!, { organizationId: tenant.organization.id, conversationId, afterSeq: 2, signal: controller.signal }),
    );
    await stream.waitFor(3);
    for (let i = 6; i <= 8; i++) await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: `m${i}` });
    const received = await stream.waitFor(6);
    controller.abort();
    await stream.done;
    expect(received.map((message) => message.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(received.map((message) => message.body)).toEqual(["m3", "m4", "m5", "m6", "m7", "m8"]);
  });

  it("drops live duplicates of what it replayed, and repeated deliveries", async () => {
    const { tenant, conversationId } = await conversationWith(3);
    const controller = new AbortController();
    const stream = collect(
      streamThread(world.deps, { organizationId: tenant.organization.id, conversationId, afterSeq: 0, signal: controller.signal }),
    );
    await stream.waitFor(3);
    const stored = await world.deps.db.message.findFirstOrThrow({ where: { conversationId, seq: 2 } });
    const copy = { ...stored, createdAt: stored.createdAt.toISOString() };
    await world.deps.bus.publish(topics.conversation(conversationId), copy);
    await world.deps.bus.publish(topics.conversation(conversationId), copy);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await stream.done;
    expect(stream.received.map((message) => message.seq)).toEqual([1, 2, 3]);
  });

  it("fills a gap from the database when a publish was lost", async () => {
    const { tenant, visitor, conversationId } = await conversationWith(1);
    const controller = new AbortController();
    const stream = collect(
      streamThread(world.deps, { organizationId: tenant.organization.id, conversationId, afterSeq: 0, signal: controller.signal }),
    );
    await stream.waitFor(1);
    // A node whose bus drops this one publish: the message is committed but no live event goes out.
    const deaf: Deps = { ...world.deps, bus: { ...world.deps.bus, publish: async () => {}, publishToWindow: async () => {} } };
    await sendVisitorMessage(deaf, visitor, { clientMsgId: clientMsgId(), body: "lost publish" });
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "after" });
    const received = await stream.waitFor(3);
    controller.abort();
    await stream.done;
    expect(received.map((message) => [message.seq, message.body])).toEqual([
      [1, "m1"],
      [2, "lost publish"],
      [3, "after"],
    ]);
  });

  it("a reconnect resumes from the last seen seq: nothing lost, nothing repeated", async () => {
    const { tenant, visitor, conversationId } = await conversationWith(2);
    const first = new AbortController();
    const before = collect(
      streamThread(world.deps, { organizationId: tenant.organization.id, conversationId, afterSeq: 0, signal: first.signal }),
    );
    await before.waitFor(2);
    first.abort();
    await before.done;
    // Written while the client was away.
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "while away" });
    const lastSeen = before.received.at(-1)!.seq;
    const second = new AbortController();
    const after = collect(
      streamThread(world.nodes[1]!, { organizationId: tenant.organization.id, conversationId, afterSeq: lastSeen, signal: second.signal }),
    );
    await after.waitFor(1);
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "live again" });
    await after.waitFor(2);
    second.abort();
    await after.done;
    const all = [...before.received, ...after.received].map((message) => message.seq);
    expect(all).toEqual([1, 2, 3, 4]);
  });
});

describe.runIf(mysqlUrl && process.env.REDIS_URL)("thread subscription across a Redis outage", () => {
  it("the last message, published while this node's Redis connections were down, still reaches its live subscriber", async () => {
    const redisUrl = process.env.REDIS_URL!;
    const database = await createTestDatabase("mysql");
    const prefix = `parley_t_${randomBytes(6).toString("hex")}:`;
    // A connection name in the URL lets the test find and kill only this node's connections.
    const connectionName = prefix.slice(0, -1);
    const listening = await createNode(database.url, `${redisUrl}?connectionName=${connectionName}`, prefix);
    const writing = await createNode(database.url, redisUrl, prefix);
    const abort = new AbortController();
    try {
      const tenant = await createTenant(writing);
      const visitor = await tenant.visitor();
      const { conversationId } = await sendVisitorMessage(writing, visitor, { clientMsgId: clientMsgId(), body: "before" });
      const stream = collect(
        streamThread(listening, { organizationId: tenant.organization.id, conversationId, afterSeq: 0, signal: abort.signal }),
      );
      expect((await stream.waitFor(1)).map((m) => m.seq)).toEqual([1]);

      const admin = new Redis(redisUrl);
      const clients = (await admin.client("LIST")) as string;
      for (const line of clients.split("\n").filter((entry) => entry.includes(` name=${connectionName} `))) {
        await admin.client("KILL", "ID", /id=(\d+)/.exec(line)![1]!);
      }
      await admin.quit();
      // Published while the listening node is reconnecting: Redis drops it for that node. Nothing follows it.
      await sendVisitorMessage(writing, visitor, { clientMsgId: clientMsgId(), body: "during the outage" });

      expect((await stream.waitFor(2, 10_000)).map((m) => m.body)).toEqual(["before", "during the outage"]);
    } finally {
      abort.abort();
      for (const node of [listening, writing]) await Promise.all([node.bus.close(), node.presence.close(), node.db.$disconnect()]);
      await database.drop();
    }
  });
});
