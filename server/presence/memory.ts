import type { AgentStatus, PresenceStore } from "./presence-store.ts";

type Entry = { status: Exclude<AgentStatus, "offline">; expiresAt: number };

/** Presence for the single-process default: a map whose entries expire like Redis keys with a TTL. */
export function createMemoryPresence(now: () => number = Date.now): PresenceStore {
  const organizations = new Map<string, Map<string, Entry>>();
  return {
    async set(organizationId, userId, status, ttlMs) {
      let agents = organizations.get(organizationId);
      if (!agents) {
        agents = new Map();
        organizations.set(organizationId, agents);
      }
      agents.set(userId, { status, expiresAt: now() + ttlMs });
    },
    async remove(organizationId, userId) {
      organizations.get(organizationId)?.delete(userId);
    },
    async list(organizationId) {
      const live = new Map<string, Exclude<AgentStatus, "offline">>();
      const agents = organizations.get(organizationId);
      for (const [userId, entry] of agents ?? []) {
        if (entry.expiresAt > now()) live.set(userId, entry.status);
        else agents!.delete(userId);
      }
      return live;
    },
    async close() {
      organizations.clear();
    },
  };
}
