import type { ConversationState } from "../../contracts/messages.ts";
import { conversationInOrganization } from "./access.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { StateEvent } from "../../contracts/thread-events.ts";
import { afterCommit } from "../effects.ts";
import { enqueueWebhookEventsIn } from "../webhooks/enqueue.ts";
import { lockAgentLoad, occupyingStates, transactionLimits, type AgentLoad } from "./agent-load.ts";
import { recordStateChange, stateChangeWebhooks } from "./record-state-change.ts";
import { canTransition, isOpenState } from "./transitions.ts";

const stateColumns = { id: true, state: true, version: true, assigneeId: true, teamId: true, visitorId: true } as const;

const occupies = (state: ConversationState) => (occupyingStates as readonly string[]).includes(state);

export type ChangeStateInput = {
  organizationId: string;
  conversationId: string;
  to: ConversationState;
  /** Required when moving to `assigned`; cleared otherwise unless the state keeps an owner (pending, snoozed). */
  assigneeId?: string | null;
  /** The version the actor saw. When given and stale, the change is refused instead of applied over someone else's. */
  expectedVersion?: number;
  /** Required when moving to `snoozed`: when it wakes up. */
  snoozedUntil?: Date;
  actor: { kind: "agent" | "visitor" | "system"; id: string | null };
  /**
   * Moving to `assigned`: the assignee's maxConcurrentChats, counted under their row lock like routing does.
   * "enforce" refuses a full agent (CONFLICT, details.reason "agent_full"); "measure" assigns anyway and returns
   * the load it went over, for the caller to record.
   */
  assigneeCapacity?: "enforce" | "measure";
};

/** `overCapacity`: with "measure", the assignee's load this assignment went past (absent when they had room). */
export type ChangeStateResult = { version: number; overCapacity?: AgentLoad };

/**
 * Every state change goes through here: compare-and-set on `version` (no lock is held across an await), then a
 * system event in the thread, then an inbox event. Returns the new version. With `assigneeCapacity` the CAS runs in
 * one short transaction behind the assignee's row lock, exactly as routing's assignConversation does.
 */
export async function changeConversationState(deps: Deps, input: ChangeStateInput): Promise<ChangeStateResult> {
  const conversation = await conversationInOrganization(deps, input.organizationId, input.conversationId, stateColumns);
  if (input.expectedVersion !== undefined && input.expectedVersion !== conversation.version) {
    throw new AppError("CONFLICT", "someone else just changed this conversation; reload and try again");
  }
  if (!canTransition(conversation.state, input.to)) {
    throw new AppError("BAD_REQUEST", `a ${conversation.state} conversation cannot become ${input.to}`);
  }
  const assigneeId = nextAssignee(input, conversation.assigneeId);
  const now = deps.now();
  const update = {
    where: { id: conversation.id, organizationId: input.organizationId, version: conversation.version },
    data: {
      state: input.to,
      assigneeId,
      version: { increment: 1 },
      openForVisitorId: isOpenState(input.to) ? conversation.visitorId : null,
      resolvedAt: input.to === "resolved" ? now : null,
      snoozedUntil: input.to === "snoozed" ? snoozedUntil(input, now) : null,
      // Leaving or re-entering the queue: a reopened conversation is routed again and waits from now.
      queuedAt: null,
    },
  };
  let overCapacity: AgentLoad | undefined;
  const capacity = input.to === "assigned" && assigneeId ? input.assigneeCapacity : undefined;
  const event: StateEvent = { event: "state", from: conversation.state, to: input.to, assigneeId };
  const webhooks = stateChangeWebhooks(input.organizationId, conversation.id, event);
  const updated =
    !capacity && webhooks.length === 0
      ? await deps.db.conversation.updateMany(update)
      : await deps.db.$transaction(async (tx) => {
          if (capacity) {
            const load = await lockAgentLoad(tx, {
              organizationId: input.organizationId,
              agentId: assigneeId!,
              now,
              exceptConversationId: conversation.id,
            });
            if (load.load >= load.max) {
              if (capacity === "enforce") {
                throw new AppError("CONFLICT", `this agent already has ${load.load} of ${load.max} conversations`, {
                  reason: "agent_full",
                  ...load,
                });
              }
              overCapacity = load;
            }
          }
          const changed = await tx.conversation.updateMany(update);
          if (changed.count > 0) await enqueueWebhookEventsIn(tx, deps, webhooks);
          return changed;
        }, transactionLimits);
  if (updated.count === 0) {
    throw new AppError("CONFLICT", "someone else just changed this conversation; reload and try again");
  }
  await recordStateChange(deps, { organizationId: input.organizationId, conversationId: conversation.id, event, actorId: input.actor.id });
  // It left its team's queue (taken, resolved, ...): everyone behind it moved up.
  if (conversation.state === "queued" && input.to !== "queued") {
    await afterCommit(deps, { organizationId: input.organizationId, conversationId: conversation.id, queuesMoved: [conversation.teamId] });
  }
  // The assignee's slot in the team freed up: the team's queue moves.
  if (occupies(conversation.state) && (!occupies(input.to) || assigneeId !== conversation.assigneeId)) {
    await deps.lifecycle.slotFreed(deps, input.organizationId, conversation.teamId);
  }
  return { version: conversation.version + 1, ...(overCapacity ? { overCapacity } : {}) };
}

function snoozedUntil(input: ChangeStateInput, now: Date): Date {
  if (!input.snoozedUntil || input.snoozedUntil <= now) throw new AppError("BAD_REQUEST", "snooze until a time in the future");
  return input.snoozedUntil;
}

function nextAssignee(input: ChangeStateInput, current: string | null): string | null {
  if (input.to === "assigned") {
    if (!input.assigneeId) throw new AppError("BAD_REQUEST", "an assigned conversation needs an assignee");
    return input.assigneeId;
  }
  if (input.to === "pending" || input.to === "snoozed" || input.to === "resolved") return current;
  return null;
}
