import type { ConversationState, ConversationSummary } from "../../contracts/messages.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { summarySelect, toSummary } from "./summary.ts";
import { scopeWhere, teamScopeOf } from "./team-scope.ts";

export type ListConversationsInput = {
  view: "mine" | "unassigned" | "all";
  states: ConversationState[];
  limit: number;
  /** By last activity: newest first (default) or oldest first (who has waited longest). */
  sort?: "recent" | "oldest";
  /** Only conversations carrying this label. */
  labelId?: string;
};

/**
 * The agent's inbox list, most recent activity first, always within the agent's organization and, for an agent who
 * is not an admin, within their teams (see team-scope.ts).
 */
export async function listConversations(deps: Deps, agent: AgentIdentity, input: ListConversationsInput): Promise<ConversationSummary[]> {
  const scope = input.view === "mine" ? { everything: true as const } : await teamScopeOf(deps, agent);
  const rows = await deps.db.conversation.findMany({
    where: {
      organizationId: agent.organizationId,
      state: { in: input.states },
      ...(input.view === "mine" ? { assigneeId: agent.userId } : {}),
      ...(input.view === "unassigned" ? { assigneeId: null } : {}),
      ...(input.labelId ? { labels: { some: { labelId: input.labelId, organizationId: agent.organizationId } } } : {}),
      ...scopeWhere(scope),
    },
    orderBy: input.sort === "oldest" ? [{ lastMessageAt: "asc" }, { createdAt: "asc" }] : [{ lastMessageAt: "desc" }, { createdAt: "desc" }],
    take: input.limit,
    select: summarySelect,
  });
  return rows.map(toSummary);
}
