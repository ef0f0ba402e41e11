/** A conversation's states (server/domain/conversations/transitions.ts says which may follow which). No zod here: the widget panel reads them. */
export const conversationStates = ["bot", "queued", "assigned", "pending", "snoozed", "resolved"] as const;
export type ConversationState = (typeof conversationStates)[number];
