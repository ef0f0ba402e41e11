import { parseThreadEvent } from "../../contracts/thread-events.ts";
import type { AgentMessage, VisitorMessage } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { toVisitorMessage } from "./message-dto.ts";

/** The agent a visitor-visible message is about: its sender, or for "assigned" the agent who joined. */
function agentOf(message: AgentMessage): string | null {
  if (message.senderKind === "agent" && message.type !== "event") return message.senderId;
  if (message.type !== "event") return null;
  const event = parseThreadEvent(message.body);
  return event?.event === "state" && event.to === "assigned" ? event.assigneeId : null;
}

/**
 * Visitors see who is answering: each agent message (and each "joined" line) carries the agent's display name. One
 * book per stream keeps the names it has looked up (and the ids it found no one for), so a live thread asks the
 * database once per agent, not per message. `ready` maps a message without a lookup when it can — most messages
 * are the visitor's own, which name no agent — so a live delivery stays synchronous; null means `all` must look up.
 */
export function authorNameBook(deps: Deps, organizationId: string) {
  /** Agent id → name; null when the lookup found no such agent in the organization. */
  const known = new Map<string, string | null>();
  const named = (message: AgentMessage, agentId: string | null): VisitorMessage => {
    const authorName = agentId ? known.get(agentId) : undefined;
    return { ...toVisitorMessage(message), ...(authorName ? { authorName } : {}) };
  };
  return {
    ready(message: AgentMessage): VisitorMessage | null {
      const agentId = agentOf(message);
      return agentId === null || known.has(agentId) ? named(message, agentId) : null;
    },
    async all(messages: AgentMessage[]): Promise<VisitorMessage[]> {
      const missing = [...new Set(messages.map(agentOf).filter((id): id is string => id !== null && !known.has(id)))];
      if (missing.length > 0) {
        const users = await deps.db.user.findMany({ where: { organizationId, id: { in: missing } }, select: { id: true, name: true } });
        for (const id of missing) known.set(id, null);
        for (const user of users) known.set(user.id, user.name);
      }
      return messages.map((message) => named(message, agentOf(message)));
    },
  };
}

/** Maps messages for a visitor, looking up the agents' names it has not seen (one book per call). */
export function authorNames(deps: Deps, organizationId: string) {
  return authorNameBook(deps, organizationId).all;
}
