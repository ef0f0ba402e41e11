import { ulid } from "ulid";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { sendAgentNote } from "../messages/send-agent-note.ts";
import { conversationForAgent } from "./access.ts";
import { changeConversationState } from "./change-state.ts";
import { summarizeLater } from "../bot/assist.ts";

/**
 * What an agent does to a conversation from the inbox. Each is one compare-and-set on the version the agent saw
 * (changeConversationState), so of two agents acting at once one wins and the other is told "someone else just
 * changed this conversation"; the refused action stores nothing.
 */
type Versioned = { conversationId: string; expectedVersion: number };

const actorOf = (agent: AgentIdentity) => ({ kind: "agent" as const, id: agent.userId });

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
  if (assignee.id !== agent.userId) await summarizeLater(deps, { organizationId: agent.organizationId, conversationId: input.conversationId });
  return { version: result.version };
}

export async function resolveConversation(deps: Deps, agent: AgentIdentity, input: Versioned) {
  const resolve = (expectedVersion: number) =>
    changeConversationState(deps, { organizationId: agent.organizationId, ...input, expectedVersion, to: "resolved", actor: actorOf(agent) });
  let result;
  try {
    result = await resolve(input.expectedVersion);
  } catch (error) {
    // Replying to an unassigned chat assigns it to the replier, which moves the version under their own Resolve.
    // If it is theirs and open now, nobody else acted: resolve what they see.
    if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    const current = await conversationForAgent(deps, agent, input.conversationId, { version: true, assigneeId: true, state: true });
    if (current.assigneeId !== agent.userId || (current.state !== "assigned" && current.state !== "pending")) throw error;
    result = await resolve(current.version);
  }
  await summarizeLater(deps, { organizationId: agent.organizationId, conversationId: input.conversationId });
  return result;
}

/** A resolved conversation back to work, assigned to the agent who reopened it. */
export async function reopenConversation(deps: Deps, agent: AgentIdentity, input: Versioned) {
  try {
    return await changeConversationState(deps, {
      organizationId: agent.organizationId,
      ...input,
      to: "assigned",
      assigneeId: agent.userId,
      actor: actorOf(agent),
    });
  } catch (error) {
    // The visitor has one open conversation at a time (unique openForVisitorId): they already started a new one.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "the visitor already has another open conversation");
    throw error;
  }
}

const maxSnoozeMs = 90 * 24 * 60 * 60 * 1000;

export async function snoozeConversation(deps: Deps, agent: AgentIdentity, input: Versioned & { until: Date }) {
  if (input.until.getTime() - deps.now().getTime() > maxSnoozeMs) throw new AppError("BAD_REQUEST", "snooze for at most 90 days");
  return changeConversationState(deps, {
    organizationId: agent.organizationId,
    ...input,
    to: "snoozed",
    snoozedUntil: input.until,
    actor: actorOf(agent),
  });
}

/**
 * Wakes every snoozed conversation whose time has come: back to its assignee, or to the queue when it has none.
 * Safe on several nodes at once: a conversation another node woke first is skipped (its version moved on).
 */
export async function wakeSnoozedConversations(deps: Deps, limit = 100): Promise<number> {
  const due = await deps.db.conversation.findMany({
    where: { state: "snoozed", snoozedUntil: { lte: deps.now() } },
    select: { id: true, organizationId: true, version: true, assigneeId: true },
    take: limit,
  });
  let woken = 0;
  for (const conversation of due) if (await wakeConversation(deps, conversation)) woken++;
  return woken;
}

/**
 * A snoozed conversation back to work (its assignee, or the queue): when its time comes, or when the visitor writes.
 * False when someone else changed it first.
 */
export async function wakeConversation(
  deps: Deps,
  conversation: { id: string; organizationId: string; version: number; assigneeId: string | null },
): Promise<boolean> {
  try {
    await changeConversationState(deps, {
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      to: conversation.assigneeId ? "assigned" : "queued",
      assigneeId: conversation.assigneeId,
      expectedVersion: conversation.version,
      actor: { kind: "system", id: null },
    });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") return false;
    throw error;
  }
}
