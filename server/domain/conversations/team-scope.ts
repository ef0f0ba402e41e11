import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";

/**
 * Which conversations an agent's shared views (Unassigned, All, search, the live list) show: an admin sees the whole
 * organization; an agent sees their teams' conversations, those no team owns yet, and their own. Null = no limit.
 */
export type TeamScope = { teamIds: ReadonlySet<string>; userId: string } | null;

export async function teamScopeOf(deps: Deps, agent: AgentIdentity): Promise<TeamScope> {
  if (agent.role === "admin") return null;
  const memberships = await deps.db.teamMember.findMany({
    where: { organizationId: agent.organizationId, userId: agent.userId },
    select: { teamId: true },
  });
  return { teamIds: new Set(memberships.map((membership) => membership.teamId)), userId: agent.userId };
}

/** The same scope as a Prisma filter on Conversation. */
export function scopeFilter(scope: TeamScope) {
  if (!scope) return {};
  return { OR: [{ teamId: null }, { teamId: { in: [...scope.teamIds] } }, { assigneeId: scope.userId }] };
}

export function inScope(scope: TeamScope, conversation: { teamId: string | null; assigneeId: string | null }): boolean {
  if (!scope) return true;
  return conversation.teamId === null || scope.teamIds.has(conversation.teamId) || conversation.assigneeId === scope.userId;
}
