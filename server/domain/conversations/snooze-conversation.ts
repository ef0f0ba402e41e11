import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { changeConversationState } from "./change-state.ts";
import { actorOf, type Versioned } from "./inbox-action.ts";

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
