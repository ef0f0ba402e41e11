/** An agent's availability: chosen by hand, or `away` after inactivity; `offline` when nothing refreshed it in time. */
export const agentStatuses = ["online", "away", "offline"] as const;
export type AgentStatus = (typeof agentStatuses)[number];

/**
 * Where presence lives so every node sees the same: Redis keys with a TTL when REDIS_URL is set
 * (server/realtime/presence-redis.ts), a map in the process otherwise (presence-memory.ts). An entry that is not
 * refreshed within its TTL disappears, so an agent whose tab or node died reads as offline.
 */
export interface PresenceStore {
  set(organizationId: string, userId: string, status: Exclude<AgentStatus, "offline">, ttlMs: number): Promise<void>;
  remove(organizationId: string, userId: string): Promise<void>;
  /** Every agent with a live entry; agents not in the map are offline. */
  list(organizationId: string): Promise<Map<string, Exclude<AgentStatus, "offline">>>;
  close(): Promise<void>;
}
