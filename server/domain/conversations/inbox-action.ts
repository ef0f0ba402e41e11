import type { AgentIdentity } from "../agents/agent-identity.ts";

/**
 * What an agent does to a conversation from the inbox (assign, resolve, reopen, snooze): each is one compare-and-set
 * on the version the agent saw (changeConversationState), so of two agents acting at once one wins and the other is
 * told "someone else just changed this conversation"; the refused action stores nothing.
 */
export type Versioned = { conversationId: string; expectedVersion: number };

export const actorOf = (agent: AgentIdentity) => ({ kind: "agent" as const, id: agent.userId });
