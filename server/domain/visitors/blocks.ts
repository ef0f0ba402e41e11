import type { AgentIdentity } from "../agents/agent-identity.ts";
import { conversationForAgent } from "../conversations/access.ts";
import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import { changeConversationState } from "../conversations/change-state.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

export const blockedMessage = "This chat is not available to you: the site has blocked new conversations from this device or network.";

/**
 * Blocks the visitor of a conversation: their device on this site and their last IP address may not start or
 * reopen a chat. The conversation itself is resolved through compare-and-set (unless it already is), so a stale
 * view is refused before anything is stored.
 */
export async function blockVisitor(
  deps: Deps,
  agent: AgentIdentity,
  input: { conversationId: string; expectedVersion: number; reason?: string },
): Promise<{ version: number }> {
  const conversation = await conversationForAgent(deps, agent, input.conversationId, {
    id: true,
    state: true,
    version: true,
    siteId: true,
    visitor: { select: { deviceId: true, ip: true } },
  });
  if (conversation.version !== input.expectedVersion) {
    throw new AppError("CONFLICT", "someone else just changed this conversation; reload and try again");
  }
  const result =
    conversation.state === "resolved"
      ? { version: conversation.version }
      : await changeConversationState(deps, {
          organizationId: agent.organizationId,
          conversationId: conversation.id,
          to: "resolved",
          expectedVersion: input.expectedVersion,
          actor: { kind: "agent", id: agent.userId },
        });
  await deps.db.visitorBlock.create({
    data: {
      organizationId: agent.organizationId,
      siteId: conversation.siteId,
      deviceId: conversation.visitor.deviceId,
      ip: conversation.visitor.ip,
      reason: input.reason?.trim() || null,
      createdById: agent.userId,
    },
  });
  return result;
}

/** Lifts every block on the visitor's device and IP. */
export async function unblockVisitor(deps: Deps, agent: AgentIdentity, input: { visitorId: string }): Promise<void> {
  const visitor = await deps.db.visitor.findFirst({ where: { id: input.visitorId, organizationId: agent.organizationId } });
  if (!visitor) throw new AppError("NOT_FOUND", "visitor not found");
  await deps.db.visitorBlock.deleteMany({ where: blockedWhere(agent.organizationId, visitor) });
}

function blockedWhere(organizationId: string, visitor: { siteId: string; deviceId: string; ip: string | null }) {
  return {
    organizationId,
    OR: [{ siteId: visitor.siteId, deviceId: visitor.deviceId }, ...(visitor.ip ? [{ ip: visitor.ip }] : [])],
  };
}

export async function isVisitorBlocked(
  deps: Deps,
  organizationId: string,
  visitor: { siteId: string; deviceId: string; ip: string | null },
) {
  return (await deps.db.visitorBlock.count({ where: blockedWhere(organizationId, visitor) })) > 0;
}

/** Refuses a new or reopened chat from a blocked device or IP, with a message the visitor can understand. */
export async function assertVisitorMayChat(deps: Deps, ref: VisitorRef): Promise<void> {
  const visitor = await deps.db.visitor.findFirst({
    where: { id: ref.visitorId, organizationId: ref.organizationId },
    select: { siteId: true, deviceId: true, ip: true },
  });
  if (visitor && (await isVisitorBlocked(deps, ref.organizationId, visitor))) throw new AppError("FORBIDDEN", blockedMessage);
}
