// A process that only announces itself, for tests that kill it: REDIS_URL, KEY_PREFIX, EVERY_MS and TTL_MS in env.
import { createRedisNodeRegistry } from "../../server/realtime/node-registry-redis.ts";
import { announceNode } from "../../server/realtime/node-announcer.ts";

const registry = createRedisNodeRegistry({ url: process.env.REDIS_URL!, keyPrefix: process.env.KEY_PREFIX! });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const node = announceNode(registry, { port: 1, connections: () => 7 }, quiet, { everyMs: Number(process.env.EVERY_MS), ttlMs: Number(process.env.TTL_MS) });
await node.announced;
process.stdout.write(`${node.id}\n`);
setInterval(() => {}, 60_000);
