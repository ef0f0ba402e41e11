import type { BusinessHours, RoutingRule } from "../../contracts/routing.ts";
import { isOpen } from "./business-hours.ts";
import { pickTeam, type RoutingContext } from "./rules.ts";

export type RoutingStrategy = "round_robin" | "least_busy";

export type AgentState = {
  userId: string;
  online: boolean;
  /** Open conversations assigned to the agent now. */
  load: number;
  maxConcurrentChats: number;
  lastAssignedAt: Date | null;
};

export type TeamState = {
  id: string;
  strategy: RoutingStrategy;
  businessHours: BusinessHours | null;
  agents: AgentState[];
  /** Conversations already waiting in this team's queue. */
  queueLength: number;
};

export type RouteDecision =
  | { kind: "agent"; teamId: string; agentId: string }
  | { kind: "queue"; teamId: string }
  | { kind: "offline"; teamId: string | null; reason: "closed" | "queue_full" | "no_team" };

export type RouteInput = {
  context: RoutingContext;
  rules: readonly RoutingRule[];
  defaultTeamId: string | null;
  teams: ReadonlyMap<string, TeamState>;
  autoAssign: boolean;
  maxQueueLength: number;
  now: Date;
};

/** Online agents with a free slot, best first for the team's strategy. */
export function rankAgents(team: Pick<TeamState, "strategy" | "agents">): AgentState[] {
  const free = team.agents.filter((agent) => agent.online && agent.load < agent.maxConcurrentChats);
  const waited = (agent: AgentState) => agent.lastAssignedAt?.getTime() ?? 0;
  return free.sort((a, b) =>
    team.strategy === "least_busy"
      ? a.load / a.maxConcurrentChats - b.load / b.maxConcurrentChats || waited(a) - waited(b) || a.userId.localeCompare(b.userId)
      : waited(a) - waited(b) || a.userId.localeCompare(b.userId),
  );
}

/**
 * Where a conversation that needs a human goes: a team by the site's rules, then an agent in it by the team's
 * strategy, else the team's queue, else the offline form. Pure: the caller supplies the state and carries out the
 * decision atomically (see conversations/assign.ts), re-deciding if the chosen agent filled up meanwhile.
 */
export function decideRoute(input: RouteInput): RouteDecision {
  const teamId = pickTeam(input.rules, input.context, input.defaultTeamId);
  const team = teamId ? input.teams.get(teamId) : undefined;
  if (!teamId || !team) return { kind: "offline", teamId: null, reason: "no_team" };
  if (!isOpen(team.businessHours, input.now)) return { kind: "offline", teamId, reason: "closed" };
  const [best] = input.autoAssign ? rankAgents(team) : [];
  if (best) return { kind: "agent", teamId, agentId: best.userId };
  if (team.queueLength >= input.maxQueueLength) return { kind: "offline", teamId, reason: "queue_full" };
  return { kind: "queue", teamId };
}
