import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Budget, LimitStore } from "../../server/domain/limits/limit-store.ts";
import { createMemoryLimitStore } from "../../server/limits/memory.ts";
import { createRedisLimitStore } from "../../server/limits/redis.ts";

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn("REDIS_URL not set: Redis limit store contract not run");

/** One store under test. `nodes()` gives two stores sharing one key space (the same store, in memory). */
type Transport = { name: string; nodes(): [LimitStore, LimitStore]; close(): Promise<void> };

function memoryTransport(): Transport {
  const store = createMemoryLimitStore();
  return { name: "memory", nodes: () => [store, store], close: () => store.close() };
}

function redisTransport(url: string): Transport {
  const keyPrefix = `parley_t_${randomUUID().slice(0, 8)}:`;
  const stores = [createRedisLimitStore({ url, keyPrefix }), createRedisLimitStore({ url, keyPrefix })] as [LimitStore, LimitStore];
  return { name: "redis", nodes: () => stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
}

const transports = [memoryTransport(), ...(redisUrl ? [redisTransport(redisUrl)] : [])];
const budget = (points: number, durationS = 60): Budget => ({ name: `t${randomUUID().slice(0, 6)}`, points, durationS });

describe.each(transports)("limit store contract: $name", (transport) => {
  const [here, there] = transport.nodes();
  afterAll(() => transport.close());

  it("allows spends up to the points, refuses past them with the time left in the window", async () => {
    const b = budget(3);
    for (let i = 1; i <= 3; i++) expect(await here.spend(b, "k")).toMatchObject({ allowed: true, spent: i });
    const refused = await here.spend(b, "k");
    expect(refused).toMatchObject({ allowed: false, spent: 4 });
    expect(refused.retryAfterMs).toBeGreaterThan(50_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await here.spend(b, "other key")).toMatchObject({ allowed: true, spent: 1 });
  });

  it("counts once across nodes: a spend on one is seen by the other, and concurrent spends each get their own count", async () => {
    const b = budget(10);
    await here.spend(b, "k", 4);
    expect(await there.spend(b, "k", 6)).toMatchObject({ allowed: true, spent: 10 });
    expect(await here.peek(b, "k")).toMatchObject({ spent: 10, held: false });
    const b2 = budget(20);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? here : there).spend(b2, "k")));
    expect(results.map((r) => r.spent).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
  });

  it("spends many points at once (bytes), refunds, clears", async () => {
    const b = budget(1_000_000);
    expect(await here.spend(b, "k", 999_000)).toMatchObject({ allowed: true });
    expect(await there.spend(b, "k", 2_000)).toMatchObject({ allowed: false, spent: 1_001_000 });
    await there.refund(b, "k", 2_000);
    expect(await here.peek(b, "k")).toMatchObject({ spent: 999_000 });
    await here.clear(b, "k");
    expect(await there.peek(b, "k")).toEqual({ spent: 0, held: false, retryAfterMs: 0 });
  });

  it("a hold refuses every spend of the key on every node until it lifts", async () => {
    const b = budget(1);
    await here.hold(b, "k", 30);
    const peeked = await there.peek(b, "k");
    expect(peeked.held).toBe(true);
    expect(peeked.retryAfterMs).toBeGreaterThan(25_000);
    const refused = await there.spend(b, "k");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(25_000);
    await here.hold(b, "short", 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await there.spend(b, "short")).toMatchObject({ allowed: true, spent: 1 });
  });

  it("counts belong to the budget's name: a changed setting judges the counts already made", async () => {
    const b = budget(5);
    for (let i = 0; i < 3; i++) await here.spend(b, "k");
    expect(await there.spend({ ...b, points: 3 }, "k")).toMatchObject({ allowed: false, spent: 4 });
    expect(await there.spend({ ...b, points: 10 }, "k")).toMatchObject({ allowed: true, spent: 5 });
  });

  it("a window ends: the count starts again", async () => {
    const b = budget(1, 1);
    await here.spend(b, "k");
    expect((await there.spend(b, "k")).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await there.spend(b, "k")).toMatchObject({ allowed: true, spent: 1 });
  });
});

describe("redis limit store while Redis is unreachable", () => {
  it("counts in this node's memory instead of failing the call", async () => {
    const store = createRedisLimitStore({ url: "redis://127.0.0.1:1", keyPrefix: "parley_t_down:" });
    try {
      const b = budget(2);
      expect(await store.spend(b, "k")).toMatchObject({ allowed: true, spent: 1 });
      expect(await store.spend(b, "k")).toMatchObject({ allowed: true, spent: 2 });
      expect(await store.spend(b, "k")).toMatchObject({ allowed: false, spent: 3 });
    } finally {
      await store.close();
    }
  });
});
