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
 * lookup per stream keeps the names it has seen, so a live thread asks the database once per agent, not per message.
 */
export function authorNames(deps: Deps, organizationId: string) {
  const known = new Map<string, string>();
  return async function toVisitorMessages(messages: AgentMessage[]): Promise<VisitorMessage[]> {
    const missing = [...new Set(messages.map(agentOf).filter((id): id is string => id !== null && !known.has(id)))];
    if (missing.length > 0) {
      const users = await deps.db.user.findMany({ where: { organizationId, id: { in: missing } }, select: { id: true, name: true } });
      for (const user of users) known.set(user.id, user.name);
    }
    return messages.map((message) => {
      const agentId = agentOf(message);
      const authorName = agentId ? known.get(agentId) : undefined;
      return { ...toVisitorMessage(message), ...(authorName ? { authorName } : {}) };
    });
  };
}
