/** One serving process as it announces itself to the cluster. */
export type NodeInfo = {
  /** Unique per process start (a ULID, so ids sort by start time). */
  id: string;
  pid: number;
  /** host:port it serves on. */
  address: string;
  startedAt: string;
  /** When it last announced itself; an entry not refreshed within its TTL disappears. */
  announcedAt: string;
  /** Open WebSockets on this process. */
  connections: number;
  /** Share of the time since the last announcement the event loop was busy, 0–1. */
  eventLoopUtilization: number;
  rssBytes: number;
};

/**
 * Where nodes announce themselves so every node (and the admin's system page) sees who is serving: Redis keys with a
 * TTL when REDIS_URL is set (server/realtime/node-registry-redis.ts), a map in the process otherwise
 * (node-registry-memory.ts). A node that dies stops refreshing its entry and drops out on its own.
 */
export interface NodeRegistry {
  announce(node: NodeInfo, ttlMs: number): Promise<void>;
  /** A node shutting down leaves at once instead of waiting for its TTL. */
  withdraw(id: string): Promise<void>;
  /** Every node with a live entry, oldest first. */
  list(): Promise<NodeInfo[]>;
  close(): Promise<void>;
}

/**
 * What a node says on the bus's `nodes` topic the moment it joins or leaves, so peers and the system page learn it
 * at once instead of on their next read of the registry (server/realtime/node-watch.ts).
 */
export type NodeEvent = { type: "up"; node: NodeInfo } | { type: "down"; id: string };
