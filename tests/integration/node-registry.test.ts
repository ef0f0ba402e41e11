import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeRegistry } from "../../server/nodes/node-registry.ts";
import { announceNode } from "../../server/realtime/node-announcer.ts";
import { createMemoryNodeRegistry } from "../../server/nodes/memory.ts";
import { createRedisNodeRegistry } from "../../server/nodes/redis.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

const redisUrl = process.env.REDIS_URL;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
/** Short enough to watch an entry expire within a test; production refreshes every 5 s with a 15 s TTL. */
const quick = { everyMs: 50, ttlMs: 400 };
const self = (connections: number) => ({ port: 3000, connections: () => connections });

describe("the in-process node registry (no REDIS_URL)", () => {
  it("lists this node once announced, refreshes it, and lets it expire when refreshes stop", async () => {
    let clock = 1_000;
    const registry = createMemoryNodeRegistry(() => clock);
    const node = announceNode(registry, self(3), quiet, { everyMs: 60_000, ttlMs: 1_000 });
    await node.announced;
    const [listed] = await registry.list();
    expect(listed).toMatchObject({ id: node.id, pid: process.pid, connections: 3, address: expect.stringMatching(/:3000$/) });
    expect(listed!.eventLoopUtilization).toBeGreaterThanOrEqual(0);
    expect(listed!.rssBytes).toBeGreaterThan(0);
    clock += 1_000;
    expect(await registry.list()).toEqual([]);
    await node.stop();
  });
});

describe.skipIf(!redisUrl)("the node registry in Redis", () => {
  const keyPrefix = `parley_t_${randomBytes(6).toString("hex")}:`;
  const registries: NodeRegistry[] = [];
  let redis: Redis;
  const registry = () => {
    const created = createRedisNodeRegistry({ url: redisUrl!, keyPrefix });
    registries.push(created);
    return created;
  };
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await Promise.all(registries.map((r) => r.close()));
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("two nodes see each other; each entry is a prefixed key with a TTL, refreshed while the node lives", async () => {
    const first = announceNode(registry(), self(1), quiet, quick);
    const second = announceNode(registry(), self(2), quiet, quick);
    await Promise.all([first.announced, second.announced]);
    const reader = registry();
    const ids = (await reader.list()).map((node) => node.id);
    expect(ids).toEqual([first.id, second.id].sort());
    const ttl = await redis.pttl(`${keyPrefix}node:${first.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(quick.ttlMs);

    const announcedAt = (await reader.list()).find((node) => node.id === first.id)!.announcedAt;
    let refreshed = false;
    for (let i = 0; i < 100 && !refreshed; i++) {
      await new Promise((resolve) => setTimeout(resolve, quick.everyMs));
      refreshed = (await reader.list()).find((node) => node.id === first.id)?.announcedAt !== announcedAt;
    }
    expect(refreshed).toBe(true);

    await second.stop();
    expect((await reader.list()).map((node) => node.id)).toEqual([first.id]);
    await first.stop();
  });

  it("a killed node's entry expires on its own, and the set naming it is pruned", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/announcing-node.ts"], {
      env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: keyPrefix, EVERY_MS: String(quick.everyMs), TTL_MS: String(quick.ttlMs) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const id = await new Promise<string>((resolve) => child.stdout!.once("data", (data) => resolve(String(data).split(" ")[0]!)));
    const reader = registry();
    expect((await reader.list()).find((node) => node.id === id)).toMatchObject({ pid: child.pid, connections: 7 });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    let listed = true;
    for (let i = 0; i < 100 && listed; i++) {
      await new Promise((resolve) => setTimeout(resolve, quick.everyMs));
      listed = (await reader.list()).some((node) => node.id === id);
    }
    expect(listed).toBe(false);
    expect(await redis.sismember(`${keyPrefix}nodes`, id)).toBe(0);
  });
});

describe("admin.system.nodes", () => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld("sqlite");
  });
  afterAll(() => world?.close());

  it("shows the installation's admins the announced nodes, read-only, and refuses agents, other organizations and strangers", async () => {
    // The first organization made runs the installation; one that signed up later is a tenant.
    const tenant = await createTenant(world.deps);
    const signedUpLater = await createTenant(world.deps, "Later");
    const node = announceNode(world.deps.nodes, self(5), quiet, { everyMs: 60_000, ttlMs: 60_000 });
    await node.announced;
    const { caller: admin } = await agentCaller(world.deps, tenant.admin.email);
    await expect(admin.admin.system.nodes()).resolves.toEqual([expect.objectContaining({ id: node.id, connections: 5 })]);
    const { caller: agent } = await agentCaller(world.deps, (await addAgent(world.deps, tenant.organization.id, "Plain Agent")).email);
    await expect(agent.admin.system.nodes()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { caller: tenantAdmin } = await agentCaller(world.deps, signedUpLater.admin.email);
    await expect(tenantAdmin.admin.system.nodes()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "the installation's nodes are shown only to the organization that runs it",
    });
    const { caller: stranger } = await callerFor(world.deps);
    await expect(stranger.admin.system.nodes()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await node.stop();
  });
});
