import type { Deps } from "../deps.ts";
import { routingPresence } from "../presence/agent-presence.ts";
import { drainTeamQueue } from "./drain-queue.ts";
import { routeConversation } from "./route-conversation.ts";
import type { RoutingContext } from "./rules.ts";

const asText = (value: unknown) => (typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null);

/** What routing may look at, from what the widget told us about the visitor. */
async function contextOf(deps: Deps, organizationId: string, visitorId: string): Promise<RoutingContext> {
  const visitor = await deps.db.visitor.findFirst({ where: { id: visitorId, organizationId } });
  const attributes: Record<string, string> = {};
  if (visitor?.attributes && typeof visitor.attributes === "object") {
    for (const [key, value] of Object.entries(visitor.attributes as Record<string, unknown>)) {
      const text = asText(value);
      if (text !== null) attributes[key] = text;
    }
  }
  return { pageUrl: visitor?.currentPage ?? null, language: null, country: null, preChat: {}, attributes };
}

/**
 * A visitor's conversation (new or reopened) needs a human: route it. Best effort after the fact: if routing fails
 * the conversation simply stays unassigned in the inbox, where any agent can take it.
 */
export async function routeVisitorConversation(deps: Deps, conversation: { id: string; organizationId: string; visitorId: string }) {
  try {
    return await routeConversation(deps, routingPresence(deps), {
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      context: await contextOf(deps, conversation.organizationId, conversation.visitorId),
    });
  } catch (error) {
    deps.log.error("routing failed", { conversationId: conversation.id, error: String(error) });
    return null;
  }
}

/** A slot opened up in a team (a chat ended or moved, an agent came online): serve its queue. Best effort. */
export async function serveTeamQueue(deps: Deps, organizationId: string, teamId: string | null) {
  if (!teamId) return;
  try {
    await drainTeamQueue(deps, routingPresence(deps), { organizationId, teamId });
  } catch (error) {
    deps.log.error("queue drain failed", { teamId, error: String(error) });
  }
}

/** An agent came online: serve the queues of every team they are in. */
export async function serveAgentTeams(deps: Deps, organizationId: string, userId: string) {
  const memberships = await deps.db.teamMember.findMany({ where: { organizationId, userId }, select: { teamId: true } });
  for (const { teamId } of memberships) await serveTeamQueue(deps, organizationId, teamId);
}
