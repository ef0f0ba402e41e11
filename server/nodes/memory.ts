import type { NodeInfo, NodeRegistry } from "./node-registry.ts";

/** The registry of the single-process default: this node alone, expiring like a Redis key with a TTL. */
export function createMemoryNodeRegistry(now: () => number = Date.now): NodeRegistry {
  const nodes = new Map<string, { node: NodeInfo; expiresAt: number }>();
  return {
    async announce(node, ttlMs) {
      nodes.set(node.id, { node, expiresAt: now() + ttlMs });
    },
    async withdraw(id) {
      nodes.delete(id);
    },
    async list() {
      for (const [id, entry] of nodes) if (entry.expiresAt <= now()) nodes.delete(id);
      return [...nodes.values()].map((entry) => entry.node).sort(byStart);
    },
    async close() {
      nodes.clear();
    },
  };
}

export function byStart(a: NodeInfo, b: NodeInfo): number {
  return a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id);
}
