import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { StateEvent } from "../../contracts/thread-events.ts";
import { afterCommit } from "../effects.ts";
import { enqueueWebhookEventsIn } from "../webhooks/enqueue.ts";
import { lockAgentLoad, transactionLimits } from "./agent-load.ts";
import { recordStateChange, stateChangeWebhooks } from "./record-state-change.ts";

export type AssignOutcome = { assigned: true; version: number } | { assigned: false; reason: "agent_full" | "conversation_changed" };

class Refused extends Error {
  constructor(readonly reason: "agent_full" | "conversation_changed") {
    super(reason);
  }
}

/**
 * Gives a conversation to an agent, atomically, on any number of nodes:
 * 1-2. lockAgentLoad: lock the agent's row, then count their open conversations, so concurrent assignments to the
 *    same agent take turns and the count cannot be raced past maxConcurrentChats;
 * 3. compare-and-set the conversation on `version`.
 * Any refusal rolls the whole transaction back. The locks live for one short transaction, never across app awaits.
 */
export async function assignConversation(
  deps: Deps,
  input: {
    organizationId: string;
    conversationId: string;
    expectedVersion: number;
    agentId: string;
    teamId: string | null;
    actorId: string | null;
  },
): Promise<AssignOutcome> {
  const now = deps.now();
  let before: { state: "bot" | "queued" | "assigned" | "pending" | "snoozed" | "resolved"; teamId: string | null };
  try {
    before = await deps.db.$transaction(async (tx) => {
      const { load, max } = await lockAgentLoad(tx, { organizationId: input.organizationId, agentId: input.agentId, now });
      if (load >= max) throw new Refused("agent_full");
      const current = await tx.conversation.findFirst({
        where: { id: input.conversationId, organizationId: input.organizationId },
        select: { state: true, version: true, teamId: true },
      });
      if (!current) throw new AppError("NOT_FOUND", "conversation not found");
      const updated = await tx.conversation.updateMany({
        where: { id: input.conversationId, organizationId: input.organizationId, version: input.expectedVersion },
        data: { state: "assigned", assigneeId: input.agentId, teamId: input.teamId, version: { increment: 1 } },
      });
      if (updated.count === 0) throw new Refused("conversation_changed");
      const event: StateEvent = { event: "state", from: current.state, to: "assigned", assigneeId: input.agentId };
      await enqueueWebhookEventsIn(tx, deps, stateChangeWebhooks(input.organizationId, input.conversationId, event));
      return { state: current.state, teamId: current.teamId };
    }, transactionLimits);
  } catch (error) {
    if (error instanceof Refused) return { assigned: false, reason: error.reason };
    throw error;
  }
  await recordStateChange(deps, {
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    event: { event: "state", from: before.state, to: "assigned", assigneeId: input.agentId },
    actorId: input.actorId,
  });
  // Everyone behind it in the queue moved up one.
  if (before.state === "queued")
    await afterCommit(deps, { organizationId: input.organizationId, conversationId: input.conversationId, queuesMoved: [before.teamId] });
  return { assigned: true, version: input.expectedVersion + 1 };
}
