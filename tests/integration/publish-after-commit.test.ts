import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bus } from "../../server/bus/bus.ts";
import type { AgentMessage } from "../../server/contracts/messages.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { streamThread } from "../../server/realtime/thread-stream.ts";
import { backends } from "../support/test-database.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";

/** Reads a stream in the background; `until` waits (bounded) for a message matching `test`. */
function collect(stream: AsyncGenerator<AgentMessage>) {
  const received: AgentMessage[] = [];
  void (async () => {
    for await (const message of stream) received.push(message);
  })();
  const until = async (test: (message: AgentMessage) => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!received.some(test) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return received.some(test);
  };
  return { received, until };
}

/** The same node with its bus replaced: what the node's publishes do is up to `publish`. */
function withBus(deps: Deps, publish: (real: () => Promise<void>) => Promise<void>): Deps {
  const bus: Bus = {
    ...deps.bus,
    subscribe: deps.bus.subscribe.bind(deps.bus),
    readWindow: deps.bus.readWindow.bind(deps.bus),
    ping: deps.bus.ping.bind(deps.bus),
    close: deps.bus.close.bind(deps.bus),
    publish: (topic, event) => publish(() => deps.bus.publish(topic, event)),
    publishToWindow: (topic, slot, event) => publish(() => deps.bus.publishToWindow(topic, slot, event)),
  };
  return { ...deps, bus };
}

describe.each(backends())("publishing after the commit on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  async function watchedConversation() {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "first" });
    const controller = new AbortController();
    // The agent's thread, on the other node.
    const thread = collect(
      streamThread(world.nodes[1]!, { organizationId: tenant.organization.id, conversationId, afterSeq: 0, signal: controller.signal }),
    );
    expect(await thread.until((message) => message.seq === 1)).toBe(true);
    return { visitor, thread, stop: () => controller.abort() };
  }

  it("a retry of a message committed but never published is acked as a duplicate and published, so the other node's thread gets it", async () => {
    const { visitor, thread, stop } = await watchedConversation();
    // The node commits, then its publish is lost (as when it was killed while the publish waited on Redis).
    const lossy = withBus(world.deps, async () => {
      throw new Error("the node died before its publish reached the bus");
    });
    const id = clientMsgId();
    const stored = await sendVisitorMessage(lossy, visitor, { clientMsgId: id, body: "committed, never published" });
    expect(stored).toMatchObject({ seq: 2, duplicate: false });

    // The visitor's client retries (it never heard the ack); the retry reaches a node whose bus works.
    const retried = await sendVisitorMessage(world.deps, visitor, { clientMsgId: id, body: "committed, never published" });
    expect(retried).toMatchObject({ id: stored.id, seq: 2, duplicate: true });
    // No further message is sent: the retry alone must bring it to the thread.
    expect(await thread.until((message) => message.seq === 2)).toBe(true);
    expect(thread.received.filter((message) => message.seq === 2)).toHaveLength(1);
    stop();
  });

  it("the ack does not wait for a bus that never answers; the publish goes out behind it", async () => {
    const { visitor, thread, stop } = await watchedConversation();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A stalled bus: every publish hangs until released.
    const stalled = withBus(world.deps, async (real) => {
      await released;
      await real();
    });
    const ack = await sendVisitorMessage(stalled, visitor, { clientMsgId: clientMsgId(), body: "acked while the bus stalls" });
    expect(ack).toMatchObject({ seq: 2, duplicate: false });
    release();
    expect(await thread.until((message) => message.seq === 2)).toBe(true);
    stop();
  });

  it.runIf(backend === "mysql" && process.env.REDIS_URL)(
    "while Redis itself stalls (CLIENT PAUSE WRITE), the ack comes before the publish settles, and the message is delivered after",
    async () => {
      const { visitor, thread, stop } = await watchedConversation();
      let publishSettled = false;
      const watched = withBus(world.deps, (real) => real().finally(() => (publishSettled = true)));
      const admin = new Redis(process.env.REDIS_URL!);
      try {
        await admin.call("CLIENT", "PAUSE", "4000", "WRITE");
        const ack = await sendVisitorMessage(watched, visitor, { clientMsgId: clientMsgId(), body: "acked while Redis stalls" });
        // Old code awaited the publish (2 s timeout, twice) before answering: the publish had settled by the ack.
        expect(publishSettled).toBe(false);
        expect(ack).toMatchObject({ seq: 2, duplicate: false });
      } finally {
        await admin.call("CLIENT", "UNPAUSE");
        admin.disconnect();
      }
      expect(await thread.until((message) => message.seq === 2, 15_000)).toBe(true);
      stop();
    },
    30_000,
  );
});
