import type { TeamSummary } from "../../contracts/inbox.ts";
import type { Deps } from "../deps.ts";
import { routingPresence } from "./presence.ts";
import { loadTeamStates } from "./team-state.ts";

/** The organization's teams as the inbox's transfer dialog lists them, by name: who is there to take a chat, and how many wait. */
export async function listTeamChoices(deps: Deps, organizationId: string): Promise<TeamSummary[]> {
  const [teams, states] = await Promise.all([
    deps.db.team.findMany({ where: { organizationId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    loadTeamStates(deps, routingPresence(deps), organizationId),
  ]);
  return teams.map((team) => {
    const state = states.get(team.id);
    return {
      id: team.id,
      name: team.name,
      online: state?.agents.filter((agent) => agent.online).length ?? 0,
      queued: state?.queueLength ?? 0,
    };
  });
}
