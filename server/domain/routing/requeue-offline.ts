import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { changeConversationState } from "../conversations/change-state.ts";
import { routeVisitorConversation } from "./route-visitor-conversation.ts";

/**
 * How long an unanswered chat stays with an agent who disappeared, counted from its assignment. Presence itself
 * expires 75 s after the last heartbeat, so a closed laptop loses its waiting visitors within about two minutes.
 */
export const offlineGraceMs = 60_000;

/**
 * The agent's chats nobody has answered yet go back to routing (another online agent of the team, or the front of
 * its queue again). Answered chats stay: the visitor already has someone. `assignedBefore` spares chats assigned
 * moments ago, e.g. a manual transfer to someone whose inbox is just reconnecting.
 */
export async function requeueUnanswered(
  deps: Deps,
  input: { organizationId: string; userId: string; assignedBefore?: Date },
): Promise<number> {
  const conversations = await deps.db.conversation.findMany({
    where: { organizationId: input.organizationId, assigneeId: input.userId, state: "assigned", firstResponseAt: null },
    select: { id: true, version: true, visitorId: true },
  });
  let requeued = 0;
  for (const conversation of conversations) {
    if (input.assignedBefore) {
      const assignment = await deps.db.message.findFirst({
        where: { organizationId: input.organizationId, conversationId: conversation.id, type: "event" },
        orderBy: { seq: "desc" },
        select: { createdAt: true },
      });
      if (assignment && assignment.createdAt > input.assignedBefore) continue;
    }
    try {
      await changeConversationState(deps, {
        organizationId: input.organizationId,
        conversationId: conversation.id,
        to: "queued",
        expectedVersion: conversation.version,
        actor: { kind: "system", id: null },
      });
    } catch (error) {
      // Someone acted on it meanwhile (answered, took or resolved it): theirs to keep.
      if (error instanceof AppError && error.code === "CONFLICT") continue;
      throw error;
    }
    requeued++;
    await routeVisitorConversation(deps, { id: conversation.id, organizationId: input.organizationId, visitorId: conversation.visitorId });
  }
  return requeued;
}

/**
 * Every node runs this now and then: agents holding unanswered chats whose presence expired (tab closed, network
 * gone, node died) give them back. Safe on several nodes at once: each requeue is a compare-and-set.
 */
export async function requeueFromVanishedAgents(deps: Deps): Promise<number> {
  const holders = await deps.db.conversation.groupBy({
    by: ["organizationId", "assigneeId"],
    where: { state: "assigned", firstResponseAt: null, assigneeId: { not: null } },
  });
  const byOrganization = new Map<string, string[]>();
  for (const { organizationId, assigneeId } of holders) {
    byOrganization.set(organizationId, [...(byOrganization.get(organizationId) ?? []), assigneeId!]);
  }
  const assignedBefore = new Date(deps.now().getTime() - offlineGraceMs);
  let requeued = 0;
  for (const [organizationId, userIds] of byOrganization) {
    const live = await deps.presence.list(organizationId);
    for (const userId of userIds) {
      if (!live.has(userId)) requeued += await requeueUnanswered(deps, { organizationId, userId, assignedBefore });
    }
  }
  return requeued;
}
