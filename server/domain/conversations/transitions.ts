import type { ConversationState } from "../../contracts/messages.ts";

/**
 * The conversation state machine, as one table: from each state, the states it may move to.
 * bot → queued → assigned → resolved, plus pending (waiting on the visitor) and snoozed; a resolved conversation is
 * reopened (to queued, or straight to assigned) by a new visitor message or an agent, or back to the bot when the
 * site has one.
 */
export const transitions: Record<ConversationState, readonly ConversationState[]> = {
  bot: ["queued", "assigned", "resolved"],
  queued: ["assigned", "resolved"],
  assigned: ["assigned", "queued", "pending", "snoozed", "resolved"],
  pending: ["assigned", "queued", "snoozed", "resolved"],
  snoozed: ["assigned", "queued", "pending", "resolved"],
  resolved: ["queued", "assigned", "bot"],
};

export function canTransition(from: ConversationState, to: ConversationState): boolean {
  return transitions[from].includes(to);
}

/** States in which a conversation counts as open: it holds its visitor's one open-conversation slot. */
export function isOpenState(state: ConversationState): boolean {
  return state !== "resolved";
}
