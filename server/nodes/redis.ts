import { Redis } from "ioredis";
import type { NodeInfo, NodeRegistry } from "./node-registry.ts";
import { byStart } from "./memory.ts";

/**
 * The cluster's registry in Redis: one key per node holding its announcement, with a TTL its refreshes extend, and one
 * set naming the nodes that may have a key (ids whose key expired are pruned on read), as presence does.
 */
export function createRedisNodeRegistry(opts: { url: string; keyPrefix: string }): NodeRegistry {
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 1, connectionName: "parley-nodes" });
  redis.on("error", () => {
    // Reported by the bus, which shares this Redis; announcements retry on the next refresh.
  });
  const nodeKey = (id: string) => `${opts.keyPrefix}node:${id}`;
  const membersKey = `${opts.keyPrefix}nodes`;

  return {
    async announce(node, ttlMs) {
      await redis.multi().set(nodeKey(node.id), JSON.stringify(node), "PX", ttlMs).sadd(membersKey, node.id).exec();
    },
    async withdraw(id) {
      await redis.multi().del(nodeKey(id)).srem(membersKey, id).exec();
    },
    async list() {
      const ids = await redis.smembers(membersKey);
      if (ids.length === 0) return [];
      const entries = await redis.mget(ids.map(nodeKey));
      const live: NodeInfo[] = [];
      const expired: string[] = [];
      ids.forEach((id, index) => {
        const entry = entries[index];
        if (entry) live.push(JSON.parse(entry) as NodeInfo);
        else expired.push(id);
      });
      if (expired.length > 0) await redis.srem(membersKey, ...expired);
      return live.sort(byStart);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
