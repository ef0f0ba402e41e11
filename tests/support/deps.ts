import { randomBytes } from "node:crypto";
import type { Bus } from "../../server/bus/bus.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { createServices } from "../../server/services.ts";
import { createTestDatabase } from "./test-database.ts";
import { defaultLimitSettings } from "../../server/domain/limits/settings.ts";

export type Backend = "sqlite" | "mysql";

const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

/** A node: its own database client and bus, as one server process would have (server/services.ts builds them). */
export async function createNode(url: string, redisUrl: string | undefined, keyPrefix: string): Promise<Deps> {
  const { limitStore, ...services } = await createServices({ databaseUrl: url, redisUrl, keyPrefix });
  return {
    ...services,
    // The test receivers and the fake LLM listen on loopback.
    allowPrivateWebhooks: true,
    allowPrivateLlm: true,
    sessionSecret: "test-secret-test-secret-test-secret!",
    publicUrl: "http://app.test",
    // Production's limits, except the budgets that many visitors of one test from 127.0.0.1 would exhaust.
    limits: {
      store: limitStore,
      settings: { ...defaultLimitSettings, sessionsPerIpPerMinute: 1_000_000, messagesPerVisitorPerMinute: 1_000_000 },
    },
    now: () => new Date(),
    log: quietLog,
  };
}

/**
 * One backend for one test file: a fresh database (and, on mysql with REDIS_URL, a fresh Redis key prefix), with
 * `nodes` server nodes sharing it, each with its own database client and Redis connections. Without Redis the
 * "nodes" share one client and one in-process bus: the embedded mode is one process by design (better-sqlite3 is
 * synchronous, so two connections in one process would wait on each other's locks).
 */
export async function createTestWorld(backend: Backend, nodes = 1) {
  const database = await createTestDatabase(backend);
  const prefix = `parley_t_${randomBytes(6).toString("hex")}:`;
  const redisUrl = backend === "mysql" ? process.env.REDIS_URL : undefined;
  const first = await createNode(database.url, redisUrl, prefix);
  const all: Deps[] = [first];
  for (let i = 1; i < nodes; i++) {
    all.push(redisUrl ? await createNode(database.url, redisUrl, prefix) : { ...first });
  }
  return {
    nodes: all,
    deps: first,
    async close() {
      const buses = new Set<Bus>(all.map((node) => node.bus));
      const dbs = new Set(all.map((node) => node.db));
      await Promise.all([...buses].map((bus) => bus.close()));
      await Promise.all([...new Set(all.map((node) => node.presence))].map((presence) => presence.close()));
      await Promise.all([...new Set(all.map((node) => node.nodes))].map((nodes) => nodes.close()));
      await Promise.all([...new Set(all.map((node) => node.limits.store))].map((store) => store.close()));
      await Promise.all([...dbs].map((db) => db.$disconnect()));
      await database.drop();
    },
  };
}
