import { ulid } from "ulid";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { summarizeLater } from "../bot/assist.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { sendAgentNote } from "../messages/send-agent-note.ts";
import { changeConversationState } from "./change-state.ts";
import { actorOf, type Versioned } from "./inbox-action.ts";

/**
 * Assign to an agent of the organization (to oneself, or a transfer). An optional note goes in as a private note.
 *
 * A transfer bypasses routing's strategy but not the assignee's capacity: to an agent at maxConcurrentChats it is
 * refused ("agent_full") unless `overrideCapacity` says the sender chose to go over, which any agent may do (as in
 * Zendesk, where capacity bounds automatic routing and manual assignment may exceed it) and which the audit log
 * records: who overrode whose capacity on which conversation. Taking a conversation oneself is one's own call on
 * one's own load, so it is not checked.
 */
export async function assignToAgent(
  deps: Deps,
  agent: AgentIdentity,
  input: Versioned & { assigneeId: string; note?: string; overrideCapacity?: boolean },
): Promise<{ version: number }> {
  const assignee = await deps.db.user.findFirst({
    where: { id: input.assigneeId, organizationId: agent.organizationId },
    select: { id: true, name: true, deactivatedAt: true },
  });
  if (!assignee) throw new AppError("NOT_FOUND", "agent not found");
  if (assignee.deactivatedAt) throw new AppError("CONFLICT", `${assignee.name} is deactivated and cannot take conversations`);
  const transfer = assignee.id !== agent.userId;
  const result = await changeConversationState(deps, {
    organizationId: agent.organizationId,
    conversationId: input.conversationId,
    to: "assigned",
    assigneeId: assignee.id,
    expectedVersion: input.expectedVersion,
    actor: actorOf(agent),
    ...(transfer ? { assigneeCapacity: input.overrideCapacity ? ("measure" as const) : ("enforce" as const) } : {}),
  });
  if (result.overCapacity) {
    await recordAudit(deps, {
      organizationId: agent.organizationId,
      actorId: agent.userId,
      action: "conversation.capacity_override",
      targetType: "conversation",
      targetId: input.conversationId,
      details: { assigneeId: assignee.id, assigneeName: assignee.name, load: result.overCapacity.load, max: result.overCapacity.max },
    });
  }
  if (input.note?.trim()) {
    await sendAgentNote(deps, agent, { conversationId: input.conversationId, clientMsgId: `xfer-${ulid()}`, body: input.note });
  }
  // A transfer to someone else: the site's bot (if it has an LLM) leaves them a summary note.
  if (assignee.id !== agent.userId)
    await summarizeLater(deps, { organizationId: agent.organizationId, conversationId: input.conversationId });
  return { version: result.version };
}
