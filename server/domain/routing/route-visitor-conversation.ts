import type { Deps } from "../deps.ts";
import { routingPresence } from "./presence.ts";
import { widgetSettingsOf } from "../../contracts/widget-settings.ts";
import { drainTeamQueue } from "./drain-queue.ts";
import { routeConversation } from "./route-conversation.ts";
import type { RoutingContext } from "./rules.ts";

const asText = (value: unknown) =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null;

/**
 * What routing may look at, from what the widget told us about the visitor: the page, the browser's language, the
 * country of the address, the pre-chat answers (name and email answers live on the visitor, the others among its
 * attributes) and the attributes the site set.
 */
async function contextOf(deps: Deps, organizationId: string, visitorId: string): Promise<RoutingContext> {
  const visitor = await deps.db.visitor.findFirst({
    where: { id: visitorId, organizationId },
    include: { site: { select: { widgetSettings: true } } },
  });
  if (!visitor) return { pageUrl: null, language: null, country: null, preChat: {}, attributes: {} };
  const attributes: Record<string, string> = {};
  if (visitor.attributes && typeof visitor.attributes === "object") {
    for (const [key, value] of Object.entries(visitor.attributes as Record<string, unknown>)) {
      const text = asText(value);
      if (text !== null) attributes[key] = text;
    }
  }
  const preChat: Record<string, string> = {};
  for (const field of widgetSettingsOf(visitor.site.widgetSettings).preChat.fields) {
    const answer = field.type === "name" ? visitor.name : field.type === "email" ? visitor.email : attributes[field.key];
    if (answer) preChat[field.key] = answer;
  }
  return { pageUrl: visitor.currentPage, language: visitor.language, country: visitor.country, preChat, attributes };
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
  if (!teamId) return serveUnteamed(deps, organizationId);
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
  await serveUnteamed(deps, organizationId);
}

/** Bounds one pass over the shared inbox; what is left is served by the next slot that frees up. */
const maxUnteamedPerPass = 100;

/**
 * Conversations no team claimed, waiting on sites that assign automatically: offered, oldest first, to the
 * organization's online agents with a free slot until one is not taken. Best effort.
 */
export async function serveUnteamed(deps: Deps, organizationId: string) {
  try {
    const waiting = await deps.db.conversation.findMany({
      where: { organizationId, state: "queued", teamId: null, site: { autoAssign: true } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: maxUnteamedPerPass,
      select: { id: true, organizationId: true, visitorId: true },
    });
    for (const conversation of waiting) {
      if ((await routeVisitorConversation(deps, conversation))?.kind !== "pool") break;
    }
  } catch (error) {
    deps.log.error("shared inbox not served", { organizationId, error: String(error) });
  }
}
