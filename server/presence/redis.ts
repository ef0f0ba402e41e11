import { Redis } from "ioredis";
import type { AgentStatus, PresenceStore } from "./presence-store.ts";

/**
 * Presence shared by every node: one key per agent holding the status, with a TTL the agent's heartbeat refreshes,
 * and one set per organization naming who may have a key (members whose key expired are pruned on read).
 */
export function createRedisPresence(opts: { url: string; keyPrefix: string }): PresenceStore {
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 1, connectionName: "parley-presence" });
  redis.on("error", () => {
    // Reported by the bus, which shares this Redis; presence reads fail (and callers see offline) while it is down.
  });
  const agentKey = (organizationId: string, userId: string) => `${opts.keyPrefix}presence:${organizationId}:${userId}`;
  const membersKey = (organizationId: string) => `${opts.keyPrefix}presence:${organizationId}`;

  return {
    async set(organizationId, userId, status, ttlMs) {
      await redis.multi().set(agentKey(organizationId, userId), status, "PX", ttlMs).sadd(membersKey(organizationId), userId).exec();
    },
    async remove(organizationId, userId) {
      await redis.multi().del(agentKey(organizationId, userId)).srem(membersKey(organizationId), userId).exec();
    },
    async list(organizationId) {
      const members = await redis.smembers(membersKey(organizationId));
      const live = new Map<string, Exclude<AgentStatus, "offline">>();
      if (members.length === 0) return live;
      const statuses = await redis.mget(members.map((userId) => agentKey(organizationId, userId)));
      const expired: string[] = [];
      members.forEach((userId, index) => {
        const status = statuses[index];
        if (status === "online" || status === "away") live.set(userId, status);
        else expired.push(userId);
      });
      if (expired.length > 0) await redis.srem(membersKey(organizationId), ...expired);
      return live;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
