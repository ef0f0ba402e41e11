import type { ConversationLifecycle } from "../deps.ts";
import { publishAgentTeamsChanged } from "./queue-changed.ts";
import { requeueUnanswered } from "./requeue-offline.ts";
import { serveAgentTeams, serveTeamQueue } from "./route-visitor-conversation.ts";

/** How routing reacts to committed changes it does not make itself: every process wires this into Deps. */
export const routingLifecycle: ConversationLifecycle = {
  slotFreed: serveTeamQueue,
  agentCameOnline: serveAgentTeams,
  async agentWentOffline(deps, organizationId, userId) {
    await requeueUnanswered(deps, { organizationId, userId });
  },
  agentHandsChanged: publishAgentTeamsChanged,
};
