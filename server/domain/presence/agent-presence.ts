import type { AgentPresence, AgentSummary, PresenceEvent } from "../../contracts/inbox.ts";
import { topics } from "../../bus/topics.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { occupyingStates } from "../conversations/agent-load.ts";
import type { AgentStatus } from "../../presence/presence-store.ts";

/** The inbox refreshes its status every 30 s; two missed heartbeats and the agent reads as offline. */
export const presenceTtlMs = 75_000;

/** Sets (or refreshes) the agent's status on every node and tells the organization's other agents. */
export async function setAgentStatus(deps: Deps, agent: AgentIdentity, status: AgentStatus): Promise<AgentPresence> {
  const before = (await deps.presence.list(agent.organizationId)).get(agent.userId) ?? "offline";
  if (status === "offline") await deps.presence.remove(agent.organizationId, agent.userId);
  else await deps.presence.set(agent.organizationId, agent.userId, status, presenceTtlMs);
  const event: PresenceEvent = { kind: "presence", userId: agent.userId, status };
  await deps.bus.publish(topics.presence(agent.organizationId), event);
  // An agent who just became available takes from their teams' queues (heartbeats that change nothing do not);
  // one who signs off hands back the chats nobody has answered yet.
  if (status === "online" && before !== "online") await deps.lifecycle.agentCameOnline(deps, agent.organizationId, agent.userId);
  if (status === "offline" && before !== "offline") await deps.lifecycle.agentWentOffline(deps, agent.organizationId, agent.userId);
  // Hands came or went: the wait estimates of the agent's teams changed even if nobody moved in line.
  if ((status === "online") !== (before === "online")) await deps.lifecycle.agentHandsChanged(deps, agent.organizationId, agent.userId);
  return { userId: agent.userId, status };
}

/**
 * Tells colleagues an agent's connection dropped: shown as offline until the agent's inbox reconnects and republishes
 * its status. The stored status is left to its TTL, so a short network blip requeues none of the agent's chats.
 */
export async function announceAgentDisconnected(deps: Deps, agent: AgentIdentity): Promise<void> {
  const event: PresenceEvent = { kind: "presence", userId: agent.userId, status: "offline" };
  await deps.bus.publish(topics.presence(agent.organizationId), event);
}

/**
 * Every agent of the organization with their status (offline when no live entry) and load: the conversations they
 * hold now against their maxConcurrentChats, so a transfer can pick someone with room.
 */
export async function listAgentPresence(deps: Deps, organizationId: string): Promise<AgentSummary[]> {
  const [users, live, loads] = await Promise.all([
    deps.db.user.findMany({
      // Deactivated agents can neither be mentioned nor take a transfer.
      where: { organizationId, deactivatedAt: null },
      select: { id: true, name: true, email: true, role: true, maxConcurrentChats: true },
      orderBy: { name: "asc" },
    }),
    deps.presence.list(organizationId),
    deps.db.conversation.groupBy({
      by: ["assigneeId"],
      where: { organizationId, assigneeId: { not: null }, state: { in: [...occupyingStates] } },
      _count: { _all: true },
    }),
  ]);
  const loadOf = new Map(loads.map((row) => [row.assigneeId, row._count._all]));
  return users.map((user) => ({ ...user, status: live.get(user.id) ?? ("offline" as AgentStatus), load: loadOf.get(user.id) ?? 0 }));
}

/** Whether any agent of the organization is online (not away): what the widget shows as "we're online". */
export async function isAnyAgentOnline(deps: Deps, organizationId: string): Promise<boolean> {
  for (const status of (await deps.presence.list(organizationId)).values()) if (status === "online") return true;
  return false;
}
