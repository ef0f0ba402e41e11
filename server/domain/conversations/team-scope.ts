import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";

/**
 * Which conversations an agent may see in the Unassigned and All views and in search: an admin sees every one of the
 * organization; an agent sees those of the teams they belong to, those with no team, and those assigned to them.
 */
export type TeamScope = { everything: true } | { everything: false; userId: string; teamIds: string[] };

export async function teamScopeOf(deps: Deps, agent: AgentIdentity): Promise<TeamScope> {
  if (agent.role === "admin") return { everything: true };
  const memberships = await deps.db.teamMember.findMany({
    where: { organizationId: agent.organizationId, userId: agent.userId },
    select: { teamId: true },
  });
  return { everything: false, userId: agent.userId, teamIds: memberships.map((row) => row.teamId) };
}

/** The scope as a Prisma `where` fragment on Conversation. */
export function scopeWhere(scope: TeamScope) {
  if (scope.everything) return {};
  return { OR: [{ teamId: null }, { teamId: { in: scope.teamIds } }, { assigneeId: scope.userId }] };
}

export function isInScope(scope: TeamScope, row: { teamId: string | null; assigneeId: string | null }): boolean {
  return scope.everything || row.teamId === null || scope.teamIds.includes(row.teamId) || row.assigneeId === scope.userId;
}
