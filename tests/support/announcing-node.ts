// A process that only announces itself, as a serving node does, for tests that start, stop or kill it: REDIS_URL,
// KEY_PREFIX, EVERY_MS and TTL_MS in env. Prints "<id> <readyAt ms>" once announced; SIGTERM withdraws it as a
// node's graceful shutdown does, SIGKILL leaves its entry to expire.
import { createBus } from "../../server/bus/index.ts";
import { createRedisNodeRegistry } from "../../server/nodes/redis.ts";
import { announceNode } from "../../server/realtime/node-announcer.ts";

const registry = createRedisNodeRegistry({ url: process.env.REDIS_URL!, keyPrefix: process.env.KEY_PREFIX! });
const bus = createBus({ redisUrl: process.env.REDIS_URL!, keyPrefix: process.env.KEY_PREFIX! });
await bus.ping();
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
// Ready: connected to what it serves with, as a node is when it starts listening.
const readyAt = Date.now();
const node = announceNode(
  registry,
  { port: 1, connections: () => 7 },
  quiet,
  { everyMs: Number(process.env.EVERY_MS), ttlMs: Number(process.env.TTL_MS) },
  bus,
);
await node.announced;
process.stdout.write(`${node.id} ${readyAt}\n`);
process.on("SIGTERM", () => {
  void node.stop().then(() => process.exit(0));
});
setInterval(() => {}, 60_000);
