import type { Deps } from "../deps.ts";
import { businessHoursSchema } from "../../contracts/routing.ts";
import { occupyingStates } from "../conversations/agent-load.ts";
import type { TeamState } from "./decide-route.ts";

/** Who is online: answered by presence (Redis with TTLs across nodes, or in-process). */
export type Presence = { onlineAgentIds(organizationId: string): Promise<ReadonlySet<string>> };

/** The live state of an organization's teams: members, whether each is online, their load, each queue's length. */
export async function loadTeamStates(
  deps: Deps,
  presence: Presence,
  organizationId: string,
  teamIds?: string[],
): Promise<Map<string, TeamState>> {
  const [teams, loads, queues, online] = await Promise.all([
    deps.db.team.findMany({
      where: { organizationId, ...(teamIds ? { id: { in: teamIds } } : {}) },
      // A deactivated member stays in the team (reactivation restores it) but takes no chats.
      include: {
        members: {
          where: { user: { deactivatedAt: null } },
          include: { user: { select: { id: true, maxConcurrentChats: true, lastAssignedAt: true } } },
        },
      },
    }),
    deps.db.conversation.groupBy({
      by: ["assigneeId"],
      where: { organizationId, state: { in: [...occupyingStates] }, assigneeId: { not: null } },
      _count: { _all: true },
    }),
    deps.db.conversation.groupBy({
      by: ["teamId"],
      where: { organizationId, state: "queued", teamId: { not: null } },
      _count: { _all: true },
    }),
    presence.onlineAgentIds(organizationId),
  ]);
  const loadOf = new Map(loads.map((row) => [row.assigneeId, row._count._all]));
  const queueOf = new Map(queues.map((row) => [row.teamId, row._count._all]));
  return new Map(
    teams.map((team) => {
      const hours = businessHoursSchema.safeParse(team.businessHours);
      return [
        team.id,
        {
          id: team.id,
          strategy: team.strategy,
          businessHours: hours.success ? hours.data : null,
          queueLength: queueOf.get(team.id) ?? 0,
          agents: team.members.map(({ user }) => ({
            userId: user.id,
            online: online.has(user.id),
            load: loadOf.get(user.id) ?? 0,
            maxConcurrentChats: user.maxConcurrentChats,
            lastAssignedAt: user.lastAssignedAt,
          })),
        },
      ];
    }),
  );
}

/**
 * Every active agent of the organization as one round-robin pool: who serves a conversation that no team claims
 * (no rule matched and the site has no default team) when the site assigns automatically.
 */
export async function loadOrganizationPool(deps: Deps, presence: Presence, organizationId: string): Promise<TeamState> {
  const online = await presence.onlineAgentIds(organizationId);
  if (online.size === 0) return { id: "", strategy: "round_robin", businessHours: null, queueLength: 0, agents: [] };
  const [users, loads] = await Promise.all([
    deps.db.user.findMany({
      where: { organizationId, deactivatedAt: null, id: { in: [...online] } },
      select: { id: true, maxConcurrentChats: true, lastAssignedAt: true },
    }),
    deps.db.conversation.groupBy({
      by: ["assigneeId"],
      where: { organizationId, state: { in: [...occupyingStates] }, assigneeId: { in: [...online] } },
      _count: { _all: true },
    }),
  ]);
  const loadOf = new Map(loads.map((row) => [row.assigneeId, row._count._all]));
  return {
    id: "",
    strategy: "round_robin",
    businessHours: null,
    queueLength: 0,
    agents: users.map((user) => ({
      userId: user.id,
      online: true,
      load: loadOf.get(user.id) ?? 0,
      maxConcurrentChats: user.maxConcurrentChats,
      lastAssignedAt: user.lastAssignedAt,
    })),
  };
}
