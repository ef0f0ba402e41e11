import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { assignConversation } from "../conversations/assign.ts";
import { placeInQueue } from "../conversations/place-in-queue.ts";
import { decideRoute, rankAgents, type RouteDecision } from "./decide-route.ts";
import { routingRuleSchema, type RoutingRule } from "../../contracts/routing.ts";
import type { RoutingContext } from "./rules.ts";
import { afterCommit } from "../effects.ts";
import { loadOrganizationPool, loadTeamStates, type Presence } from "./team-state.ts";

/** What routing did: a decision for a team, or `pool` when no team claimed it and an online agent took it. */
export type RouteOutcome = RouteDecision | { kind: "pool"; teamId: null; agentId: string };

/**
 * Routes a conversation that needs a human: decides (pure), then carries the decision out atomically. If the chosen
 * agent filled up in the meantime (another node was faster), the next best agent is tried, then the queue.
 */
export async function routeConversation(
  deps: Deps,
  presence: Presence,
  input: { organizationId: string; conversationId: string; context: RoutingContext },
): Promise<RouteOutcome> {
  const conversation = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, organizationId: input.organizationId },
    include: { site: { include: { routingRules: { orderBy: { position: "asc" } } } } },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "conversation not found");
  const { site } = conversation;
  const rules: RoutingRule[] = site.routingRules.flatMap((rule) => {
    const parsed = routingRuleSchema.safeParse({ teamId: rule.teamId, conditions: rule.conditions });
    return parsed.success ? [parsed.data] : [];
  });
  // No team to route to (no rules, no default team): with automatic assignment, any online agent of the
  // organization with a free slot takes it; otherwise it waits in the shared inbox. Checked before the team states
  // are loaded, since an unrouted site pays this on every visitor message until an agent takes it.
  const unteamed = () =>
    site.autoAssign ? assignFromPool(deps, presence, conversation) : ({ kind: "offline", teamId: null, reason: "no_team" } as const);
  if (rules.length === 0 && !site.defaultTeamId) return unteamed();
  const teams = await loadTeamStates(deps, presence, input.organizationId);
  const decision = decideRoute({
    context: input.context,
    rules,
    defaultTeamId: site.defaultTeamId,
    teams,
    autoAssign: site.autoAssign,
    maxQueueLength: site.maxQueueLength,
    now: deps.now(),
  });
  if (decision.kind === "offline" && decision.reason === "no_team") return unteamed();
  if (decision.kind === "agent") {
    for (const agent of rankAgents(teams.get(decision.teamId)!)) {
      const outcome = await assignConversation(deps, {
        organizationId: input.organizationId,
        conversationId: conversation.id,
        expectedVersion: conversation.version,
        agentId: agent.userId,
        teamId: decision.teamId,
        actorId: null,
      });
      if (outcome.assigned) return { kind: "agent", teamId: decision.teamId, agentId: agent.userId };
      if (outcome.reason === "conversation_changed") return { kind: "queue", teamId: decision.teamId };
    }
  }
  const teamId = decision.teamId;
  if (teamId) {
    // Into the team's queue, ordered by when the visitor started waiting: their latest message (for a reopened
    // conversation, the one that reopened it; for a requeued one, the one still unanswered, so it goes back to the
    // front). Not lastMessageAt: the system event of the requeue itself moved that to now. A conversation queued
    // before keeps its place.
    const lastFromVisitor = conversation.queuedAt
      ? null
      : await deps.db.message.findFirst({
          where: { organizationId: input.organizationId, conversationId: conversation.id, senderKind: "visitor" },
          orderBy: { seq: "desc" },
          select: { createdAt: true },
        });
    const waitingSince = conversation.queuedAt ?? lastFromVisitor?.createdAt ?? conversation.createdAt;
    const placed = await placeInQueue(deps, {
      organizationId: input.organizationId,
      conversationId: conversation.id,
      expectedVersion: conversation.version,
      teamId,
      waitingSince,
    });
    if (placed) {
      // It joined this team's queue, and left another's if it moved between teams.
      const left = conversation.queuedAt && conversation.teamId !== teamId ? [conversation.teamId] : [];
      await afterCommit(deps, { organizationId: input.organizationId, conversationId: conversation.id, queuesMoved: [teamId, ...left] });
    }
  }
  return decision.kind === "agent" ? { kind: "queue", teamId: decision.teamId } : decision;
}

/**
 * Assigns a conversation no team claims to the organization's online agent with a free slot who waited longest; it
 * stays in the shared inbox (state queued, no team) when none is free, and is served when a slot frees up.
 */
async function assignFromPool(
  deps: Deps,
  presence: Presence,
  conversation: { id: string; organizationId: string; version: number },
): Promise<RouteOutcome> {
  for (const agent of rankAgents(await loadOrganizationPool(deps, presence, conversation.organizationId))) {
    const outcome = await assignConversation(deps, {
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      expectedVersion: conversation.version,
      agentId: agent.userId,
      teamId: null,
      actorId: null,
    });
    if (outcome.assigned) return { kind: "pool", teamId: null, agentId: agent.userId };
    if (outcome.reason === "conversation_changed") break;
  }
  return { kind: "offline", teamId: null, reason: "no_team" };
}
