import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { assignConversation } from "../conversations/assign.ts";
import { decideRoute, rankAgents, type RouteDecision } from "./decide-route.ts";
import { routingRuleSchema, type RoutingRule } from "../../contracts/routing.ts";
import type { RoutingContext } from "./rules.ts";
import { publishQueueChanged } from "./queue-changed.ts";
import { loadTeamStates, type Presence } from "./team-state.ts";

/**
 * Routes a conversation that needs a human: decides (pure), then carries the decision out atomically. If the chosen
 * agent filled up in the meantime (another node was faster), the next best agent is tried, then the queue.
 */
export async function routeConversation(
  deps: Deps,
  presence: Presence,
  input: { organizationId: string; conversationId: string; context: RoutingContext },
): Promise<RouteDecision> {
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
  // Nothing to route to (no rules, no default team): the conversation waits in the shared inbox. Checked before the
  // team states are loaded, since an unrouted site pays this on every visitor message until an agent takes it.
  if (rules.length === 0 && !site.defaultTeamId) return { kind: "offline", teamId: null, reason: "no_team" };
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
    const queued = await deps.db.conversation.updateMany({
      where: { id: conversation.id, organizationId: input.organizationId, version: conversation.version, state: "queued" },
      data: { teamId, queuedAt: waitingSince, version: { increment: 1 } },
    });
    if (queued.count > 0) {
      await publishQueueChanged(deps, input.organizationId, teamId);
      if (conversation.queuedAt && conversation.teamId !== teamId) await publishQueueChanged(deps, input.organizationId, conversation.teamId);
    }
  }
  return decision.kind === "agent" ? { kind: "queue", teamId: decision.teamId } : decision;
}
