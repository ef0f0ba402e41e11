import type { HandoffEvent, HandoffReason, StateEvent } from "../../contracts/thread-events.ts";
import { threadEventBody } from "../../contracts/thread-events.ts";
import type { Deps } from "../deps.ts";
import { appendMessage } from "../messages/append-message.ts";
import { canTransition } from "./transitions.ts";

export type HandOffInput = {
  organizationId: string;
  conversationId: string;
  /** The version the bot saw; an agent who joined since wins and nothing happens. */
  expectedVersion: number;
  reason: HandoffReason;
  /** Answers the bot gave before handing off (reports, and the agent's line). */
  botTurns: number;
  /** Makes the two event lines idempotent: a repeated hand-off of the same visitor message writes nothing twice. */
  eventKey: string;
};

/**
 * The bot gives the conversation to humans: bot → queued, the reason and when, in ONE compare-and-set on `version`;
 * then the state line and the hand-off line in one commit (the batcher takes both), and one inbox event built from
 * that commit. Routing follows, outside (its assignment is a state change of its own). False when the conversation
 * was no longer the bot's (an agent joined, the visitor resolved it): the caller stays silent.
 */
export async function handOffConversation(deps: Deps, input: HandOffInput): Promise<boolean> {
  if (!canTransition("bot", "queued")) return false;
  const handed = await deps.db.conversation.updateMany({
    where: { id: input.conversationId, organizationId: input.organizationId, version: input.expectedVersion, state: "bot" },
    data: {
      state: "queued",
      assigneeId: null,
      version: { increment: 1 },
      queuedAt: null,
      handoffReason: input.reason,
      handedOffAt: deps.now(),
      // The unsure count starts over if the conversation ever comes back to the bot (resolved, then reopened).
      botLowTurns: 0,
    },
  });
  if (handed.count === 0) return false;
  const state: StateEvent = { event: "state", from: "bot", to: "queued", assigneeId: null };
  const handoff: HandoffEvent = { event: "handoff", reason: input.reason, botTurns: input.botTurns };
  const line = (clientMsgId: string, body: string, last: boolean) =>
    appendMessage(deps, {
      organizationId: input.organizationId,
      conversationId: input.conversationId,
      clientMsgId,
      senderKind: "system",
      senderId: null,
      type: "event",
      body,
      ...(last ? { inboxReason: "state" as const } : {}),
    });
  await Promise.all([
    line(`state-${input.eventKey}`, threadEventBody(state), false),
    line(`handoff-${input.eventKey}`, threadEventBody(handoff), true),
  ]);
  return true;
}
