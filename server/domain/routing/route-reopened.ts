import { assignConversation } from "../conversations/assign.ts";
import type { Deps } from "../deps.ts";
import { routingPresence } from "./presence.ts";
import { routeVisitorConversation } from "./route-visitor-conversation.ts";

type Opened = { id: string; organizationId: string; visitorId: string; version: number; teamId: string | null };

/**
 * A conversation needing a human, new or reopened. A reopened one goes back to the agent who last handled it when
 * they are online and have a free slot (they know the matter, as in Crisp and Zendesk), keeping its team; otherwise,
 * and for a new one, it is routed like any other. Best effort like routing: on failure it waits in the inbox.
 */
export async function routeReopenedConversation(deps: Deps, conversation: Opened, lastAssigneeId: string | null): Promise<void> {
  if (lastAssigneeId) {
    try {
      const outcome = await backToLastAgent(deps, conversation, lastAssigneeId);
      // Assigned back; or someone (an agent, another node) acted on it first: either way nothing is left to route.
      if (outcome !== "unavailable") return;
    } catch (error) {
      deps.log.error("reopened conversation not offered to its last agent", { conversationId: conversation.id, error: String(error) });
    }
  }
  await routeVisitorConversation(deps, conversation);
}

async function backToLastAgent(deps: Deps, conversation: Opened, agentId: string): Promise<"assigned" | "changed" | "unavailable"> {
  const online = await routingPresence(deps).onlineAgentIds(conversation.organizationId);
  if (!online.has(agentId)) return "unavailable";
  const active = await deps.db.user.count({ where: { id: agentId, organizationId: conversation.organizationId, deactivatedAt: null } });
  if (active === 0) return "unavailable";
  // Capacity is counted under the agent's row lock, as routing does: a full agent is skipped, not overfilled.
  const outcome = await assignConversation(deps, {
    organizationId: conversation.organizationId,
    conversationId: conversation.id,
    expectedVersion: conversation.version,
    agentId,
    teamId: conversation.teamId,
    actorId: null,
  });
  if (outcome.assigned) return "assigned";
  return outcome.reason === "conversation_changed" ? "changed" : "unavailable";
}
