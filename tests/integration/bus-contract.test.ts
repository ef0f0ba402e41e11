import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { Bus } from "../../server/bus/bus.ts";
import { createMemoryBus } from "../../server/bus/memory.ts";
import { createRedisBus } from "../../server/bus/redis.ts";
import { topics } from "../../server/bus/topics.ts";

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn("REDIS_URL not set: Redis bus contract not run");

const uniqueTopic = () => topics.conversation(randomUUID());
const uniquePrefix = () => `parley_t_${randomUUID().slice(0, 8)}:`;
const arrives = { timeout: 5_000, interval: 5 };

/** One transport under test. `nodes()` gives two buses that share a key space (the same bus, in memory). */
interface Transport {
  name: string;
  nodes(): [Bus, Bus];
  /** Resolves once the transport holds no subscription, e.g. after every listener aborted. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Collects what the bus reports through onError, so a test fails on errors it did not expect. */
const reported: Error[] = [];
const onError = (err: Error): void => void reported.push(err);

function memoryTransport(): Transport {
  const bus = createMemoryBus({ onError });
  return { name: "memory", nodes: () => [bus, bus], idle: async () => {}, close: () => bus.close() };
}

function redisTransport(url: string): Transport {
  const keyPrefix = uniquePrefix();
  const buses: Bus[] = [];
  const admin = new Redis(url);
  return {
    name: "redis",
    nodes() {
      const pair: [Bus, Bus] = [createRedisBus({ url, keyPrefix, onError }), createRedisBus({ url, keyPrefix, onError })];
      buses.push(...pair);
      return pair;
    },
    async idle() {
      await vi.waitFor(async () => expect(await admin.pubsub("CHANNELS", `${keyPrefix}*`)).toEqual([]), arrives);
    },
    async close() {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await admin.quit();
    },
  };
}

/** Subscribes a recording handler; `stop()` aborts it. */
async function listen(bus: Bus, topic: string, onEvent: (event: unknown) => void = () => {}) {
  const controller = new AbortController();
  const events: unknown[] = [];
  const record = (event: unknown) => {
    events.push(event);
    onEvent(event);
  };
  await bus.subscribe(topic, record, controller.signal);
  return { events, stop: () => controller.abort() };
}

const transports = [memoryTransport(), ...(redisUrl ? [redisTransport(redisUrl)] : [])];

describe.each(transports)("bus contract: $name", (transport) => {
  const [here, there] = transport.nodes();

  afterEach(() => {
    expect(reported.splice(0)).toEqual([]);
  });
  afterAll(() => transport.close());

  it("delivers an equal copy of the payload, never inside publish", async () => {
    const topic = uniqueTopic();
    const sent = { id: "01J", text: "héllo ✓", seq: 42, at: null, tags: ["a", { b: true }] };
    const inbox = await listen(here, topic);
    const published = there.publish(topic, sent);
    sent.text = "changed after publish";
    expect(inbox.events).toEqual([]);
    await published;
    await vi.waitFor(() => expect(inbox.events).toHaveLength(1), arrives);
    expect(inbox.events[0]).toEqual({ ...sent, text: "héllo ✓" });
    expect(inbox.events[0]).not.toBe(sent);
    inbox.stop();
  });

  it("is live as soon as subscribe resolves", async () => {
    const topic = uniqueTopic();
    const inbox = await listen(here, topic);
    await there.publish(topic, "first");
    await vi.waitFor(() => expect(inbox.events).toEqual(["first"]), arrives);
    inbox.stop();
  });

  it("keeps the publish order of one topic", async () => {
    const topic = uniqueTopic();
    const inbox = await listen(here, topic);
    const seqs = Array.from({ length: 200 }, (_, seq) => seq);
    await Promise.all(seqs.map((seq) => there.publish(topic, { seq })));
    await vi.waitFor(() => expect(inbox.events).toHaveLength(200), arrives);
    expect(inbox.events).toEqual(seqs.map((seq) => ({ seq })));
    inbox.stop();
  });

  it("keeps topics apart", async () => {
    const [conversation, inboxTopic] = [uniqueTopic(), topics.inbox(randomUUID())];
    const thread = await listen(here, conversation);
    const list = await listen(here, inboxTopic);
    await there.publish(conversation, "to thread");
    await there.publish(inboxTopic, "to list");
    await vi.waitFor(() => expect([thread.events, list.events]).toEqual([["to thread"], ["to list"]]), arrives);
    thread.stop();
    list.stop();
  });

  it("hands every local subscriber the same parsed event", async () => {
    const topic = uniqueTopic();
    const first = await listen(here, topic);
    const second = await listen(here, topic);
    await there.publish(topic, { n: 1 });
    await vi.waitFor(() => expect(second.events).toHaveLength(1), arrives);
    expect(first.events[0]).toBe(second.events[0]);
    first.stop();
    second.stop();
  });

  it("stops delivering after abort and drops the subscription", async () => {
    const topic = uniqueTopic();
    const gone = await listen(here, topic);
    gone.stop();
    await transport.idle();
    const later = await listen(here, topic);
    await there.publish(topic, "after abort");
    await vi.waitFor(() => expect(later.events).toEqual(["after abort"]), arrives);
    expect(gone.events).toEqual([]);
    later.stop();
    await transport.idle();
  });

  it("keeps the topic for the listeners left when one aborts", async () => {
    const topic = uniqueTopic();
    const leaving = await listen(here, topic);
    const staying = await listen(here, topic);
    leaving.stop();
    await there.publish(topic, "still here");
    await vi.waitFor(() => expect(staying.events).toEqual(["still here"]), arrives);
    expect(leaving.events).toEqual([]);
    staying.stop();
    await transport.idle();
  });

  it("delivers nothing once abort returns, not even an event in flight", async () => {
    const topic = uniqueTopic();
    const neverLive = vi.fn();
    await here.subscribe(topic, neverLive, AbortSignal.abort());
    const leaving = await listen(here, topic);
    const witness = await listen(here, topic);
    const published = there.publish(topic, "in flight");
    leaving.stop();
    await published;
    await vi.waitFor(() => expect(witness.events).toEqual(["in flight"]), arrives);
    expect(leaving.events).toEqual([]);
    expect(neverLive).not.toHaveBeenCalled();
    witness.stop();
  });

  it("reports a throwing handler and still delivers to the others", async () => {
    const topic = uniqueTopic();
    const failure = new Error("handler broke");
    const failing = await listen(here, topic, () => {
      throw failure;
    });
    const healthy = await listen(here, topic);
    await there.publish(topic, "a");
    await there.publish(topic, "b");
    await vi.waitFor(() => expect(healthy.events).toEqual(["a", "b"]), arrives);
    expect(failing.events).toEqual(["a", "b"]);
    expect(reported.splice(0)).toEqual([failure, failure]);
    failing.stop();
    healthy.stop();
  });

  it("rejects events that are not JSON", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const event of [undefined, 1n, cyclic, () => {}]) {
      await expect(there.publish(uniqueTopic(), event)).rejects.toThrow(TypeError);
    }
  });

  it("answers ping", async () => {
    await expect(here.ping()).resolves.toBeUndefined();
  });
});

describe("memory bus", () => {
  it("does not hand a new subscriber what was published before it subscribed", async () => {
    // Deterministic only in one process; on Redis the two connections race.
    const bus = createMemoryBus({ onError });
    const topic = uniqueTopic();
    const early = bus.publish(topic, "before");
    const inbox = await listen(bus, topic);
    await early;
    await bus.publish(topic, "after");
    await vi.waitFor(() => expect(inbox.events).toEqual(["after"]), arrives);
    await bus.close();
    expect(reported.splice(0)).toEqual([]);
  });
});

describe.runIf(redisUrl)("redis bus", () => {
  const opened: Bus[] = [];
  const newBus = (keyPrefix = uniquePrefix(), url = redisUrl ?? "", report = onError) => {
    const bus = createRedisBus({ url, keyPrefix, onError: report });
    opened.push(bus);
    return bus;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
    expect(reported.splice(0)).toEqual([]);
  });

  it("does not deliver across key prefixes", async () => {
    const topic = uniqueTopic();
    const [tenantA, tenantB] = [newBus(), newBus()];
    const outsider = await listen(tenantA, topic);
    const insider = await listen(tenantB, topic);
    await tenantB.publish(topic, "B only");
    await vi.waitFor(() => expect(insider.events).toEqual(["B only"]), arrives);
    expect(outsider.events).toEqual([]);
  });

  it("closes more than once without throwing", async () => {
    const bus = newBus();
    await listen(bus, uniqueTopic());
    await Promise.all([bus.close(), bus.close()]);
    await bus.close();
  });

  it("subscribes again after Redis drops its connections, and tells the subscriber it resumed", async () => {
    // A connection name in the URL wins over the bus's own, which lets this test find and kill only its clients.
    const keyPrefix = uniquePrefix();
    const name = keyPrefix.slice(0, -1);
    const dropped = newBus(keyPrefix, `${redisUrl}?connectionName=${name}`, () => {});
    const sender = newBus(keyPrefix);
    const topic = uniqueTopic();
    const inbox = await listen(dropped, topic);
    let resumes = 0;
    await dropped.subscribe(topic, () => {}, new AbortController().signal, { onResume: () => resumes++ });
    expect(resumes).toBe(0);
    const admin = new Redis(redisUrl ?? "");
    try {
      const clients = (await admin.client("LIST")) as string;
      const ids = clients
        .split("\n")
        .filter((line) => line.includes(` name=${name} `))
        .map((line) => /id=(\d+)/.exec(line)?.[1]);
      expect(ids).toHaveLength(2);
      for (const id of ids) await admin.client("KILL", "ID", id ?? "");
    } finally {
      await admin.quit();
    }
    // Delivery is at-most-once, so keep publishing until the resubscribed connection hears one.
    await vi.waitFor(
      async () => {
        await sender.publish(topic, "after the drop");
        expect(inbox.events).toContain("after the drop");
      },
      { timeout: 10_000, interval: 50 },
    );
    await expect(dropped.publish(topic, "from the dropped node")).resolves.toBeUndefined();
    // Events published while it was away are gone: the subscriber is told once, so it can re-read the database.
    await vi.waitFor(() => expect(resumes).toBe(1), arrives);
  });

  it("fails fast instead of hanging when Redis is unreachable", async () => {
    const errors: Error[] = [];
    const bus = newBus("parley_t_down:", "redis://127.0.0.1:1", (err) => errors.push(err));
    const started = Date.now();
    await expect(bus.ping()).rejects.toThrow();
    await expect(bus.publish(uniqueTopic(), "lost")).rejects.toThrow();
    await expect(bus.subscribe(uniqueTopic(), () => {}, new AbortController().signal)).rejects.toThrow();
    await bus.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errors.length).toBeGreaterThan(0);
  });
});
